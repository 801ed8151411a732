/**
 * @module
 * JSON Logic, compiled once into plain closures: the segment rules of a site config
 * (DESIGN.md, "Segment rules: JSON Logic"). Nothing is generated as source text, since Workers
 * and a strict CSP refuse code built from strings; every operation becomes a closure when the
 * rule is compiled, and what is constant is settled then: a `var` path is split once, an `in`
 * over a literal list becomes a Set, `and`/`or` of up to three arguments are unrolled, a
 * comparison with a literal decides then whether it compares numbers or strings, and a one-key
 * read is done in place by the operation that needs it rather than by a call.
 *
 * Semantics are those of the JSON Logic compatibility suites (json-logic compat-tables, kept in
 * ../shared/conformance/jsonlogic; `npm run conformance` runs them): loose `==` that compares
 * numbers unless both sides are strings or null, an empty array is falsy, `val`/`exists`/`??`,
 * scopes, `try`/`throw`, and errors carry a `type`: "NaN", "Invalid Arguments", or what `throw`
 * threw.
 *
 * Bounds: a rule deeper than MAX_RULE_DEPTH or larger than MAX_RULE_NODES does not compile,
 * and an iterator, with all it runs, may spend at most MAX_RULE_ITERATIONS units of work:
 * iterators are the only place where work can repeat, so every evaluation is bounded.
 */

/**
 * Deepest a rule may nest: the values on the longest path from the root to a leaf, counting
 * operations, literals and literal arrays, not an operation's list of arguments.
 * `{"!": {"var": "x"}}` is 3 deep: `!`, `var`, `"x"`.
 */
export const MAX_RULE_DEPTH = 32;
/** Most values a rule may hold, counted as MAX_RULE_DEPTH counts them (`preserve`d data is one). */
export const MAX_RULE_NODES = 1000;
/**
 * Work an outermost iterator (map, filter, reduce, all, some or none that is not in another
 * one's body) may spend, the iterators nested in it included: a unit per element of each list
 * iterated (all of it, even when all/some/none stop early); inside bodies also a unit per
 * argument an operation takes and per element or character `in` scans or an operation returns
 * (`merge`, `cat`), so that a `reduce` doubling its accumulator stops instead of eating memory.
 * Outside iterators nothing repeats, so nothing is counted.
 */
export const MAX_RULE_ITERATIONS = 100_000;

/** Bounds of one compiled rule; each defaults to the constant of the same name. */
export interface RuleOptions {
  maxDepth?: number;
  maxNodes?: number;
  maxIterations?: number;
}

/** A compiled rule: data in, result out. It throws a {@link RuleError} when the rule does. */
export type CompiledRule = (data: unknown) => unknown;

/**
 * Any error from a rule. `type` is "NaN" (arithmetic or a comparison on something that is not
 * a number), "Invalid Arguments", "Unknown Operator", "Limit Exceeded", or the value a `throw`
 * threw (its `type` when it threw an object), as the compatibility suites expect.
 *
 * @example
 * try { compileRule({ "/": [1, 0] })(null) } catch (e) { if (e instanceof RuleError) e.type } // "NaN"
 */
export class RuleError extends Error {
  // `declare`: assigned in the constructor, so no separate field definition is emitted.
  declare readonly type: unknown;
  constructor(type: unknown, message = String(type)) {
    super(message);
    this.type = type;
  }
}

/**
 * A rule that does not compile: unknown operator, malformed arguments, or over MAX_RULE_DEPTH
 * or MAX_RULE_NODES. `path` points at the offending node and the message ends with it.
 *
 * @example
 * try { compileRule({ and: [true, { nope: 1 }] }) } catch (e) { (e as RuleCompileError).path } // "rule.and[1]"
 */
export class RuleCompileError extends RuleError {
  /** Where, as a path into the rule: `rule.and[1]`. */
  declare readonly path: string;
  constructor(type: string, message: string, path: string) {
    super(type, `${message} at ${path}`);
    this.path = path;
  }
}

/**
 * An iterator that went over MAX_RULE_ITERATIONS (type "Limit Exceeded"). `try` does not
 * catch it: a rule must not outlast its bounds.
 *
 * @example
 * compileRule({ map: [{ var: "xs" }, 1] }, { maxIterations: 2 })({ xs: [1, 2, 3] }) // throws RuleLimitError
 */
export class RuleLimitError extends RuleError {}

/** Levels above the data: inside an iterator `{ index }`, then the data around it; see `walk`. */
type Scope = { v: unknown; u: Scope } | undefined;
type Fn = (d?: unknown, s?: Scope) => unknown;
type Op = (a: unknown[], d: unknown, charge: boolean) => unknown;
/** An operand: its closure and, for a one-key read, its key (null: the data itself), default, slot. */
type Operand = [Fn, string | null | undefined, unknown, number];

const IA = "Invalid Arguments";
const NAN = "NaN";
const LIMIT = "Limit Exceeded";

/**
 * Work left to the outermost iterator under way. Module state is safe here: evaluation is
 * synchronous and calls nothing that could start another one.
 */
let budget = 0;
/** Closures that return a value known at compile time, with that value. */
const K = new WeakMap<Fn, unknown>();
/**
 * One-key reads (`var`, `val`) with key, default and slot. Every closure literal here is shared
 * by all rules, so a call from one closure to another cannot be inlined; operations read such an
 * operand in place instead of calling it.
 */
const VAR = new WeakMap<Fn, Operand>();
/**
 * Tests of the element itself against a literal, `{"in": [{"var": ""}, [...]]}` or
 * `{"==": [{"var": ""}, "x"]}`: an iterator runs them in its loop instead of calling its body.
 */
const ELEM = new WeakMap<Fn, [Set<unknown> | undefined, number, unknown]>();

const fail = (type: unknown): never => {
  throw new RuleError(type);
};
const spend = (n: number): void => {
  budget -= n;
  if (budget < 0) throw new RuleLimitError(LIMIT, "exceeds MAX_RULE_ITERATIONS");
};

/** Truthiness: JavaScript's, except that an empty array is false (jsonlogic.com, truthiness.json). */
const T = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : !!v);

/**
 * A number for arithmetic and loose comparison: numbers, booleans, null (0) and numeric strings
 * ("" is 0). Anything else, an array or object included, is a NaN error (arithmetic/*.json).
 */
const num = (v: unknown): number => {
  const n =
    typeof v === "number"
      ? v
      : v === null
        ? 0
        : typeof v === "string" || typeof v === "boolean"
          ? +v
          : Number.NaN;
  return Number.isNaN(n) ? fail(NAN) : n;
};

/** Strings and null compare as they are; anything else compares as numbers (comparison/*.json). */
const raw = (a: unknown, b: unknown): boolean =>
  (typeof a === "string" || a === null) && (typeof b === "string" || b === null);
const CMP = ["==", "!=", "===", "!==", "<", "<=", ">", ">="];
/**
 * Operation `n` of CMP on numbers, or on strings and null as they are (JavaScript's operators
 * compare those the same way the suites expect).
 */
const ncmp = (n: number, x: number, y: number): boolean =>
  n < 2 ? (x === y) !== (n === 1) : n < 6 ? (n === 4 ? x < y : x <= y) : n === 6 ? x > y : x >= y;
/** Operation `n` of CMP: one function rather than eight, so that it inlines. */
const cmp = (n: number, a: unknown, b: unknown): boolean =>
  n === 2
    ? a === b
    : n === 3
      ? a !== b
      : raw(a, b)
        ? ncmp(n, a as number, b as number)
        : ncmp(n, num(a), num(b));

/**
 * One step down a path: an own property of an object or array, never a string's characters nor
 * anything inherited (`constructor`, `__proto__`), so a rule sees the data and nothing else.
 */
const get = (o: unknown, k: unknown): unknown =>
  o !== null && typeof o === "object" && Object.hasOwn(o, k as PropertyKey)
    ? (o as Record<string, unknown>)[k as string]
    : undefined;
/** Down a whole path; `def` as soon as a step finds nothing (json-logic-js `var`). */
const dig = (o: unknown, p: readonly unknown[], def: unknown): unknown => {
  for (const k of p) {
    o = get(o, k);
    if (o === undefined) return def;
  }
  return o;
};
/** `var`: a dotted path; "", null or no key is the data itself (jsonlogic.com `var`). */
const vget = (d: unknown, k: unknown, def: unknown): unknown =>
  k == null || k === "" ? d : dig(d, String(k).split("."), def);

/** Slots of the first keys read by `var` and `val`; see `read`. */
const SLOTS = new Map<string, number>();
/**
 * `d[k]` with one property access per key slot. A lone `d[k]` in code that every rule shares
 * would see every key and stay a slow generic lookup; V8 caches per access site, so an access
 * that only ever sees one key is nearly as fast as `d.level` in generated code.
 */
const read = (d: Record<string, unknown>, k: string, i: number): unknown => {
  // biome-ignore format: one access per line is the point
  switch (i) {
    case 0: return d[k];
    case 1: return d[k];
    case 2: return d[k];
    case 3: return d[k];
    case 4: return d[k];
    case 5: return d[k];
    case 6: return d[k];
    case 7: return d[k];
    default: return d[k];
  }
};
/**
 * A one-key read with a default: `get` without its hasOwn, which the hot path cannot afford;
 * skipping functions skips what is inherited (`constructor`), and a `__proto__` key never comes
 * here.
 */
const look = (d: unknown, k: string, def: unknown, i: number): unknown => {
  if (d === null || typeof d !== "object") return def;
  const x = read(d as Record<string, unknown>, k, i);
  return x === undefined || typeof x === "function" ? def : x;
};
const operand = (f: Fn): Operand => VAR.get(f) ?? [f, undefined, undefined, 0];
/** The value of an operand: read in place if it is a one-key read, else called. */
const at = (d: unknown, s: Scope, o: Operand): unknown =>
  o[1] === undefined ? o[0](d, s) : o[1] === null ? d : look(d, o[1], o[2], o[3]);

/**
 * `val` and `exists` (val.json, exists.json, scopes.json): a list of keys, not a dotted string.
 * A first element `[n]` climbs n levels first, sign ignored (val.extra.json). In an iterator the
 * first level up holds `{ index }` and the second the data around the iterator; in a `try`
 * fallback they are null and the data around the `try` (try.extra.json).
 */
const walk = (d: unknown, s: Scope, a: unknown, ex: boolean): unknown => {
  const p = spread(a);
  const h = p[0];
  let i = 0;
  if (Array.isArray(h) && h.length === 1) {
    for (let n = Math.abs(h[0] as number); n > 0; n--) {
      d = s?.v;
      s = s?.u;
    }
    i = 1;
  }
  for (; i < p.length; i++) {
    d = get(d, p[i]);
    if (d === undefined) return ex ? false : null;
  }
  return ex || (d ?? null);
};
const sub = (index: number, d: unknown, s: Scope): Scope => ({ v: { index }, u: { v: d, u: s } });

/** `in`: an element of an array or a substring of a string; false for anything else (in.json). */
const has = (x: unknown, y: unknown, charge: boolean): boolean => {
  // Two call sites, so that the array one only ever sees arrays and V8 inlines it.
  if (Array.isArray(y)) {
    if (charge) spend(y.length);
    return y.includes(x);
  }
  if (typeof y !== "string") return false;
  if (charge) spend(y.length);
  // indexOf, not includes: a minifier would merge two identical calls back into one.
  return y.indexOf(x as string) >= 0;
};

/** Folds numbers left to right, at least `min` of them or Invalid Arguments (minus.json, modulo.json). */
const fold = (a: unknown[], f: (x: number, y: number) => number, min: number): number => {
  if (a.length < min) fail(IA);
  let r = num(a[0]);
  for (let i = 1; i < a.length; i++) r = f(r, num(a[i]));
  // Results must be finite: JSON has no Infinity, and x / 0 is a NaN error (divide.json).
  return Number.isFinite(r) ? r : fail(NAN);
};
/** max and min take numbers only, at least one (json-logic-engine; chained.json). */
const pick = (a: unknown[], f: (x: number, y: number) => number): number =>
  a.length && a.every((x) => typeof x === "number") ? (a as number[]).reduce(f) : fail(IA);
/** Keys whose value is missing, null or "" (jsonlogic.com `missing`). */
const missing = (a: unknown[], d: unknown): unknown[] =>
  (Array.isArray(a[0]) ? a[0] : a).filter((k) => {
    const v = vget(d, k, null);
    return v === null || v === "";
  });

/** Operations that evaluate every argument first. A non-array argument that evaluates to an array
 * is the list of arguments (chained.json: `{"+": {"merge": …}}`, `{"max": {"val": "data"}}`). */
const OPS: Record<string, Op> = {
  "+": (a) => fold([0, ...a], (x, y) => x + y, 0),
  "*": (a) => fold([1, ...a], (x, y) => x * y, 0),
  // One argument: 0 - x and 1 / x (minus.json, divide.json).
  "-": (a) => fold(a.length === 1 ? [0, a[0]] : a, (x, y) => x - y, 1),
  "/": (a) => fold(a.length === 1 ? [1, a[0]] : a, (x, y) => (y ? x / y : fail(NAN)), 1),
  "%": (a) => fold(a, (x, y) => x % y, 2),
  max: (a) => pick(a, (x, y) => Math.max(x, y)),
  min: (a) => pick(a, (x, y) => Math.min(x, y)),
  cat: (a) => a.join(""),
  merge: (a) => a.flat(),
  in: ([x, y], _, charge) => has(x, y, charge),
  // slice does what substr.json asks: a negative start counts from the end, and so does a
  // negative length ("leave that many off"); a positive length counts from the start.
  substr: ([s, b, n]) => {
    const t = String(s);
    const m = Number(n);
    return n === undefined
      ? t.slice(b as number)
      : m < 0
        ? t.slice(b as number, m)
        : t.slice(b as number).slice(0, m);
  },
  missing,
  missing_some: ([n, keys], d) => {
    const m = missing([keys], d);
    return Array.isArray(keys) && keys.length - m.length >= num(n) ? [] : m;
  },
  // throw.json: what is thrown is the type, or its `type` when it is an object (try.json
  // rethrows a caught error with `{"throw": {"val": []}}`).
  throw: ([x]) => fail(x !== null && typeof x === "object" ? (x as { type?: unknown }).type : x),
};

const spread = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
/** `{"var": ""}`: the data itself. */
const ID: Fn = (d) => d;
VAR.set(ID, [ID, null, null, 0]);
/** A one-key read, registered so that operations can read it in place. */
const one = (k: string, def: unknown): Fn => {
  // Keys past the eighth share the default access: slower, just as right, and SLOTS stays small.
  const i = SLOTS.get(k) ?? Math.min(SLOTS.size, 8);
  if (i < 8) SLOTS.set(k, i);
  const f: Fn = (d) => look(d, k, def, i);
  VAR.set(f, [f, k, def, i]);
  return f;
};

/**
 * Compiles a JSON Logic rule into a function of the data. Throws {@link RuleCompileError} for an
 * unknown operator, malformed arguments, or a rule over MAX_RULE_DEPTH or MAX_RULE_NODES; the
 * compiled function throws {@link RuleError}. Results may share arrays and objects with the rule
 * (literals, `preserve`): treat them as read-only.
 *
 * @example
 * const runners = compileRule({ in: ["running", { var: "interests" }] });
 * runners({ interests: ["running", "tennis"] }); // true
 * compileRule({ and: [{ ">=": [{ var: "budget" }, 3] }, { "!": { var: "newsletter" } }] })({ budget: 4 }); // true
 */
export function compileRule(rule: unknown, options: RuleOptions = {}): CompiledRule {
  const {
    maxDepth = MAX_RULE_DEPTH,
    maxNodes = MAX_RULE_NODES,
    maxIterations = MAX_RULE_ITERATIONS,
  } = options;
  let nodes = 0;
  // > 0 while compiling an iterator's body, the only code that can run more than once per
  // evaluation, hence the only code that pays into the budget.
  let body = 0;
  // Some val/exists may climb: iterators then build the levels it climbs.
  let scoped = false;

  const bad = (type: string, message: string, path: string): never => {
    throw new RuleCompileError(type, message, path);
  };
  const k = (v: unknown): Fn => {
    const f = () => v;
    K.set(f, v);
    return f;
  };
  // Arguments as one closure giving their values: an array for a list, folded to a constant
  // when every element is one.
  const lit = (A: Fn[] | Fn): Fn =>
    !Array.isArray(A)
      ? A
      : A.every((f) => K.has(f))
        ? k(A.map((f) => f()))
        : (d, s) => A.map((f) => f(d, s));

  const c = (r: unknown, p: string, dp: number): Fn => {
    if (++nodes > maxNodes) bad(LIMIT, "exceeds MAX_RULE_NODES", p);
    if (dp > maxDepth) bad(LIMIT, "exceeds MAX_RULE_DEPTH", p);
    if (r === null || typeof r !== "object") return k(r);
    const list = (v: unknown[], q: string): Fn[] => v.map((x, i) => c(x, `${q}[${i}]`, dp + 1));
    // A literal array is data whose elements may be operations (compatible.json "Arrays with logic").
    if (Array.isArray(r)) return lit(list(r, p));
    const keys = Object.keys(r);
    // {} is data (if.json "Object checks").
    if (!keys.length) return k(r);
    const o = keys.join();
    const v = (r as Record<string, unknown>)[o];
    const q = p + (/^\w+$/.test(o) ? `.${o}` : `[${JSON.stringify(o)}]`);
    const ia = (at = q): never => bad(IA, `${IA} to "${o}"`, at);
    const args = (): Fn[] | Fn => (Array.isArray(v) ? list(v, q) : c(v, q, dp + 1));
    // if, and, or, ??, comparisons and iterators take a literal list of arguments and refuse
    // anything else, even an expression giving an array (iterators.extra.json).
    const need = (): Fn[] => (Array.isArray(v) ? list(v, q) : ia());
    // The rest evaluate every argument first (OPS).
    const eager = (op: Op, A: Fn[] | Fn): Fn => {
      const e = lit(A);
      const charge = body > 0;
      return (d, s) => {
        const a = spread(e(d, s));
        const r = op(a, d, charge);
        if (charge) spend(a.length + (typeof r === "string" || Array.isArray(r) ? r.length : 0));
        return r;
      };
    };
    const n = CMP.indexOf(o);
    if (n >= 0) {
      const fs = need();
      const [a, b, e] = fs.map(operand) as [Operand, Operand, Operand?];
      if (!b) return ia();
      const [fa, ak, ad, ai] = a;
      const [fb, bk, bd, bi] = b;
      const x = K.get(fa);
      const y = K.get(fb);
      // A literal side decides the kind of comparison now (see `cmp`): against a number the
      // other side is a number; a string that is no number equals only strings and null, and
      // anything else is a NaN error. Separate closures keep each one's type feedback narrow,
      // and a one-key read of a side is done in place.
      if (!e && typeof ak === "string") {
        if (typeof y === "number" && (n < 2 || n > 3)) {
          return (d) => ncmp(n, num(look(d, ak, ad, ai)), y);
        }
        if (typeof y === "string" && Number.isNaN(+y) && n < 2) {
          return (d) => {
            const w = look(d, ak, ad, ai);
            return (typeof w === "string" || w === null ? w === y : fail(NAN)) !== (n === 1);
          };
        }
      }
      if (!e && K.has(fb)) {
        const f: Fn = (d, s) => cmp(n, at(d, s, a), y);
        if (ak === null) ELEM.set(f, [undefined, n, y]);
        return f;
      }
      if (!e) return (d, s) => cmp(n, at(d, s, a), at(d, s, b));
      const z = K.get(e[0]);
      if (
        !fs[3] &&
        typeof x === "number" &&
        typeof z === "number" &&
        n > 3 &&
        typeof bk === "string"
      ) {
        // "between": {"<=": [1, {"var": "x"}, 5]}
        return (d) => {
          const w = num(look(d, bk, bd, bi));
          return ncmp(n, x, w) && ncmp(n, w, z);
        };
      }
      // A chain stops at the first false pair, before evaluating the rest (comparison "Not Lazy").
      return (d, s) => {
        let w = fa(d, s);
        for (let i = 1; i < fs.length; i++) {
          const u = (fs[i] as Fn)(d, s);
          if (!cmp(n, w, u)) return false;
          w = u;
        }
        return true;
      };
    }

    switch (o) {
      case "preserve":
        return k(v);

      case "var": {
        const e = lit(args());
        const cv = K.has(e) && spread(K.get(e));
        if (cv) {
          const [key, def = null] = cv;
          if (key == null || key === "") return ID;
          const path = String(key).split(".");
          const [h] = path as [string];
          return path.length > 1 || h === "__proto__" ? (d) => dig(d, path, def) : one(h, def);
        }
        return (d, s) => {
          const a = spread(e(d, s));
          return vget(d, a[0], a[1] ?? null);
        };
      }

      case "val":
      case "exists": {
        // The argument is the path itself, computed or not (additional.json `{"val": {"cat": …}}`).
        const e = lit(args());
        const ex = o === "exists";
        const path = spread(K.get(e));
        const [h] = path;
        if (!K.has(e) || (Array.isArray(h) && h.length === 1)) scoped = true;
        else if (!ex) {
          return path.length === 1 && typeof h === "string" && h !== "__proto__"
            ? one(h, null)
            : (d) => dig(d, path, null) ?? null;
        }
        return (d, s) => walk(d, s, e(d, s), ex);
      }

      case "if":
      case "?:": {
        const fs = need();
        // [cond, then, cond, then, …, else]; no else is null (if.json "Too few arguments").
        const branch = (i: number): Fn => {
          const t = fs[i];
          const y = fs[i + 1];
          if (!t) return k(null);
          if (!y) return t;
          const n = branch(i + 2);
          const a = operand(t);
          return (d, s) => (T(at(d, s, a)) ? y(d, s) : n(d, s));
        };
        return branch(0);
      }

      case "and":
      case "or": {
        const fs = need();
        // The deciding value, not a boolean; `{"and": []}` is false (and.json, or.json).
        const go = o === "and";
        const [a, b, e] = fs;
        if (!a) return k(false);
        if (!b) return a;
        if (!e) {
          return (d, s) => {
            const x = a(d, s);
            return T(x) === go ? b(d, s) : x;
          };
        }
        if (!fs[3]) {
          return (d, s) => {
            let x = a(d, s);
            if (T(x) !== go) return x;
            x = b(d, s);
            return T(x) === go ? e(d, s) : x;
          };
        }
        return (d, s) => {
          let x: unknown;
          for (const f of fs) {
            x = f(d, s);
            if (T(x) !== go) return x;
          }
          return x;
        };
      }

      case "??": {
        const fs = need();
        return (d, s) => {
          for (const f of fs) {
            const x = f(d, s);
            if (x != null) return x;
          }
          return null;
        };
      }

      case "!":
      case "!!": {
        const A = args();
        // A lone argument is the value itself, as in json-logic-js: `{"!": {"var": "tags"}}` asks
        // whether tags is empty, it does not negate its first element.
        const a = operand(Array.isArray(A) ? (A[0] ?? k(undefined)) : A);
        const [, ak, ad, ai] = a;
        const not = o === "!";
        return typeof ak === "string"
          ? (d) => T(look(d, ak, ad, ai)) !== not
          : (d, s) => T(at(d, s, a)) !== not;
      }

      case "in": {
        const A = args();
        if (!Array.isArray(A) || A.length !== 2) return eager(OPS.in as Op, A);
        const charge = body > 0;
        const [a, b] = A.map(operand) as [Operand, Operand];
        const [fa, ak, ad, ai] = a;
        const [fb, bk, bd, bi] = b;
        const y = K.get(fb);
        if (Array.isArray(y)) {
          // A literal list is a Set: has() is SameValueZero, exactly what includes() does.
          const set = new Set(y);
          if (typeof ak === "string") return (d) => set.has(look(d, ak, ad, ai));
          const f: Fn = (d, s) => set.has(at(d, s, a));
          if (ak === null) ELEM.set(f, [set, 0, 0]);
          return f;
        }
        const x = K.get(fa);
        if (K.has(fa) && typeof bk === "string") return (d) => has(x, look(d, bk, bd, bi), charge);
        return (d, s) => has(at(d, s, a), at(d, s, b), charge);
      }

      case "try": {
        const fs = Array.isArray(v) ? list(v, q) : [c(v, q, dp + 1)];
        return (d, s) => {
          let e: RuleError | undefined;
          for (const f of fs) {
            try {
              // A fallback reads the error as its data, `{ type }` (try.json).
              return e ? f({ type: e.type }, { v: null, u: { v: d, u: s } }) : f(d, s);
            } catch (x) {
              if (!(x instanceof RuleError) || x instanceof RuleLimitError) throw x;
              e = x;
            }
          }
          if (e) throw e;
          return null;
        };
      }

      case "map":
      case "filter":
      case "reduce":
      case "all":
      case "some":
      case "none": {
        if (!Array.isArray(v)) return ia();
        const from = operand(c(v[0] ?? null, `${q}[0]`, dp + 1));
        // A literal that is no array is refused (map.json "Map with null array should throw"),
        // while a computed null is an empty list for map, filter and reduce (below).
        if (K.has(from[0]) && !Array.isArray(K.get(from[0]))) ia(`${q}[0]`);
        // map.json, filter.json: a null body is an error; all/some/none just find null falsy.
        if (v[1] == null && (o === "map" || o === "filter")) ia(`${q}[1]`);
        // An outermost iterator starts the budget afresh; nested ones spend from it.
        const top = !body++;
        const g = c(v[1] ?? null, `${q}[1]`, dp + 1);
        body--;
        const init = o === "reduce" && c(v[2] ?? null, `${q}[2]`, dp + 1);
        const sc = scoped;
        const el = ELEM.get(g);
        const map = o === "map";
        // all/some/none: all stops at the first falsy result with false; some and none at the
        // first truthy one, with true and false; all of nothing is false (all.json "Edge Cases").
        const test = !init && !map && o !== "filter";
        const stop = o !== "all";
        const then = o === "some";
        return (d, s) => {
          if (top) budget = maxIterations;
          const a = at(d, s, from);
          let acc = init ? init(d, s) : test ? 0 : [];
          if (!Array.isArray(a)) {
            // A computed null is an empty list for map and filter, the initial value for reduce
            // (map.json "Map on null array returns empty array", reduce.json); all/some/none
            // refuse it (all.json "Missing array returns error").
            return a == null && !test ? acc : fail(IA);
          }
          // The whole list is paid for up front, also when all/some/none stop early.
          spend(a.length);
          for (let i = 0; i < a.length; i++) {
            const x = a[i];
            const w = sc ? sub(i, d, s) : undefined;
            if (init) acc = g({ accumulator: acc, current: x }, w);
            else {
              const y = el ? (el[0] ? el[0].has(x) : cmp(el[1], x, el[2])) : g(x, w);
              if (test) {
                if (T(y) === stop) return then;
              } else if (map) (acc as unknown[]).push(y);
              else if (T(y)) (acc as unknown[]).push(x);
            }
          }
          return test ? (stop ? !then : a.length > 0) : acc;
        };
      }
    }

    const op = Object.hasOwn(OPS, o) && OPS[o];
    // Several keys are no operation either (json-logic-engine: Unknown Operator); they were
    // joined above, so the message lists them all and they never name an operator.
    return op ? eager(op, args()) : bad("Unknown Operator", `unknown operator "${o}"`, p);
  };

  return c(rule, "rule", 1);
}
