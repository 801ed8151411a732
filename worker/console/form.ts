/**
 * @module
 * The console's form (no JavaScript): a site config written out as named fields, and read back.
 * Field names are flat (`p0.label.en`, `s2.r1.question`), so a plain HTML form posts them. Each
 * list shows its items plus one blank item to add (an item with an empty id is left out), and a
 * "remove" box per item. A segment's rule is builder rows (shared/rule-builder.ts) in groups
 * named by path ("" the top, "1", "1.2" nested), or a hand-written JSON rule when the builder
 * cannot show it. Fields the console does not show (consent mode, launcher, categories, …) are
 * kept from the version being edited.
 */
import {
  type Condition,
  fromJsonLogic,
  type Group,
  type Node,
  toJsonLogic,
} from "../../shared/rule-builder.ts";
import {
  CONSENT_MODE_TYPES,
  PROTECTED_CHARACTERISTICS,
  type Question,
  type SiteConfig,
  SPECIAL_CATEGORIES,
  type Text,
} from "../../shared/schema.ts";

/** `value` when it is one of `allowed`, else undefined (a forged form cannot add new values). */
const oneOf = <T extends string>(allowed: readonly T[], value: string): T | undefined =>
  allowed.find((a) => a === value);

/** A parsed form body: each name once, or repeated (multi-selects). */
export type FormBody = Record<string, string | File | (string | File)[]>;

/** Blank builder rows (and groups) offered under each segment to add conditions. */
export const BLANK_ROWS = 2;
export const BLANK_GROUPS = 1;

const str = (form: FormBody, name: string): string => {
  const v = form[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === "string" ? one.trim() : "";
};
const all = (form: FormBody, name: string): string[] => {
  const v = form[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === "string" && x !== "",
  );
};
const checked = (form: FormBody, name: string) => str(form, name) !== "";
const int = (form: FormBody, name: string): number | undefined => {
  const s = str(form, name);
  return s === "" ? undefined : Number(s);
};

/** A text per locale: a string when only the default locale is set. */
function readText(form: FormBody, name: string, config: SiteConfig): Text | undefined {
  const out: Record<string, string> = {};
  for (const l of config.locales) {
    const s = str(form, `${name}.${l}`);
    if (s !== "") out[l] = s;
  }
  const keys = Object.keys(out);
  if (keys.length === 0) return undefined;
  if (keys.length === 1 && keys[0] === config.defaultLocale) return out[config.defaultLocale];
  return out;
}

/** The value a text field shows for `locale`. */
export function textFor(text: Text | undefined, locale: string, defaultLocale: string): string {
  if (text === undefined) return "";
  if (typeof text === "string") return locale === defaultLocale ? text : "";
  return text[locale] ?? "";
}

/** The rows and groups a rule is shown as, or undefined for a rule the builder cannot show. */
export interface BuilderRows {
  mode: "all" | "any";
  not: boolean;
  groups: { path: string; mode: "all" | "any"; not: boolean }[];
  rows: ({ group: string } & Condition)[];
}

export function rowsOf(rule: unknown, questions: readonly Question[]): BuilderRows | undefined {
  const node = fromJsonLogic(rule, questions);
  if (!node) return undefined;
  const root: Group =
    node.kind === "group" ? node : { kind: "group", mode: "all", not: false, children: [node] };
  const out: BuilderRows = { mode: root.mode, not: root.not, groups: [], rows: [] };
  const walk = (g: Group, path: string) => {
    let n = 0;
    for (const child of g.children) {
      if (child.kind === "group") {
        n++;
        const p = path === "" ? String(n) : `${path}.${n}`;
        out.groups.push({ path: p, mode: child.mode, not: child.not });
        walk(child, p);
      } else out.rows.push({ group: path, ...child });
    }
  };
  walk(root, "");
  return out;
}

/** The rule of segment `s` of the form: builder rows when any are filled, else its JSON. */
function readRule(form: FormBody, s: string, questions: readonly Question[]): unknown {
  const root: Group = {
    kind: "group",
    mode: str(form, `${s}.mode`) === "any" ? "any" : "all",
    not: checked(form, `${s}.not`),
    children: [],
  };
  const groups = new Map<string, Group>([["", root]]);
  const groupOf = (path: string): Group => {
    const known = groups.get(path);
    if (known) return known;
    const g: Group = { kind: "group", mode: "all", not: false, children: [] };
    groups.set(path, g);
    const parent = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
    groupOf(parent).children.push(g);
    return g;
  };
  for (let k = 0; str(form, `${s}.g${k}.present`) !== ""; k++) {
    const path = str(form, `${s}.g${k}.path`);
    if (!/^\d+(\.\d+)*$/.test(path)) continue;
    const g = groupOf(path);
    g.mode = str(form, `${s}.g${k}.mode`) === "any" ? "any" : "all";
    g.not = checked(form, `${s}.g${k}.not`);
  }
  let rows = 0;
  for (let m = 0; str(form, `${s}.r${m}.present`) !== ""; m++) {
    const r = `${s}.r${m}`;
    const question = str(form, `${r}.question`);
    const q = questions.find((x) => x.id === question);
    if (!q || checked(form, `${r}.remove`)) continue;
    const path = str(form, `${r}.group`);
    const group = groupOf(/^\d+(\.\d+)*$/.test(path) ? path : "");
    const match = str(form, `${r}.match`);
    const not = checked(form, `${r}.not`);
    let node: Node;
    if (q.kind === "scale") {
      node = {
        kind: "scale",
        question,
        match: match === "at-most" ? "at-most" : "at-least",
        value: int(form, `${r}.value`) ?? q.min ?? 0,
        not,
      };
    } else {
      const options = all(form, `${r}.options`)
        .filter((v) => v.startsWith(`${question}:`))
        .map((v) => v.slice(question.length + 1));
      node = { kind: "options", question, match: match === "all" ? "all" : "any", options, not };
    }
    group.children.push(node);
    rows++;
  }
  // One condition at the top is written as itself, not as a group of one.
  const [only] = root.children;
  if (rows > 0 && root.children.length === 1 && only && !root.not && root.mode === "all")
    return toJsonLogic(only, questions);
  if (rows > 0) return toJsonLogic(root, questions);
  const json = str(form, `${s}.json`);
  if (json === "") return undefined;
  try {
    return JSON.parse(json);
  } catch {
    // Left as text: the config check names segments[i].rule and says it does not compile.
    return json;
  }
}

/** Lines of fields separated by "|" ("Ads Co | Ireland"), trimmed; empty lines left out. */
export function pipeLines(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split("|").map((f) => f.trim()));
}

/** Option lines "id = label" of one locale. */
function optionLines(text: string): [string, string][] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.indexOf("=");
      return at < 0 ? [l, l] : [l.slice(0, at).trim(), l.slice(at + 1).trim()];
    });
}

/**
 * The config the form describes, built on `base` (the version edited). Not checked: the caller
 * runs it through acceptConfig (worker/sites/accept.ts) like any other publish.
 */
export function configFromForm(form: FormBody, base: SiteConfig): Record<string, unknown> {
  const t = (name: string) => readText(form, name, base);
  const purposes: Record<string, unknown>[] = [];
  for (let i = 0; str(form, `p${i}.present`) !== ""; i++) {
    const p = `p${i}`;
    const id = str(form, `${p}.id`);
    if (id === "" || checked(form, `${p}.remove`)) continue;
    const old = base.purposes.find((x) => x.id === id);
    const { legalBasis: _l, partners: _pa, ...keep } = old ?? {};
    const next: Record<string, unknown> = {
      ...keep,
      id,
      label: t(`${p}.label`) ?? "",
      description: t(`${p}.description`) ?? "",
      required: checked(form, `${p}.required`),
      saleOrShare: checked(form, `${p}.saleOrShare`),
      explicit: checked(form, `${p}.explicit`),
      // As ticked, in the order the page lists them; anything else a forged form sends is dropped.
      consentMode: [...new Set(all(form, `${p}.consentMode`))].filter((type) =>
        oneOf(CONSENT_MODE_TYPES, type),
      ),
    };
    const basis = str(form, `${p}.legalBasis`);
    if (basis !== "") next.legalBasis = basis;
    const partners = pipeLines(str(form, `${p}.partners`)).map(([name = "", country]) =>
      country ? { name, country } : { name },
    );
    if (partners.length > 0) next.partners = partners;
    purposes.push(next);
  }
  const questions: Record<string, unknown>[] = [];
  for (let i = 0; str(form, `q${i}.present`) !== ""; i++) {
    const q = `q${i}`;
    const id = str(form, `${q}.id`);
    if (id === "" || checked(form, `${q}.remove`)) continue;
    const old = base.questions.find((x) => x.id === id);
    const kind = str(form, `${q}.kind`) || "single";
    const purpose = str(form, `${q}.purpose`);
    const {
      options: _o,
      min: _min,
      max: _max,
      purpose: _p,
      minLabel: _lo,
      maxLabel: _hi,
      category: _c,
      sensitive: _s,
      protectedCharacteristic: _pc,
      ...keep
    } = old ?? {};
    const next: Record<string, unknown> = { ...keep, id, label: t(`${q}.label`) ?? "", kind };
    if (purpose !== "") next.purpose = purpose;
    const category = oneOf(SPECIAL_CATEGORIES, str(form, `${q}.category`));
    if (category) next.category = category;
    next.sensitive = checked(form, `${q}.sensitive`);
    const protectedAs = oneOf(PROTECTED_CHARACTERISTICS, str(form, `${q}.protectedCharacteristic`));
    if (protectedAs) next.protectedCharacteristic = protectedAs;
    if (kind === "scale") {
      next.min = int(form, `${q}.min`);
      next.max = int(form, `${q}.max`);
      const [lo, hi] = [t(`${q}.minLabel`), t(`${q}.maxLabel`)];
      if (lo !== undefined) next.minLabel = lo;
      if (hi !== undefined) next.maxLabel = hi;
    } else {
      const lines = optionLines(str(form, `${q}.options.${base.defaultLocale}`));
      const others = base.locales
        .filter((l) => l !== base.defaultLocale)
        .map((l) => [l, new Map(optionLines(str(form, `${q}.options.${l}`)))] as const);
      next.options = lines.map(([oid, label]) => {
        const labels: Record<string, string> = { [base.defaultLocale]: label };
        for (const [l, map] of others) {
          const x = map.get(oid);
          if (x) labels[l] = x;
        }
        return { id: oid, label: Object.keys(labels).length === 1 ? label : labels };
      });
    }
    questions.push(next);
  }
  // Segments read the questions as this form defines them.
  const asQuestions = questions as unknown as Question[];
  const segments: Record<string, unknown>[] = [];
  for (let i = 0; str(form, `s${i}.present`) !== ""; i++) {
    const s = `s${i}`;
    const id = str(form, `${s}.id`);
    if (id === "" || checked(form, `${s}.remove`)) continue;
    const old = base.segments.find((x) => x.id === id);
    segments.push({
      ...(old ?? {}),
      id,
      label: t(`${s}.label`) ?? "",
      rule: readRule(form, s, asQuestions),
    });
  }
  const number = (name: string, fallback: number | undefined) => {
    const n = int(form, name);
    return n === undefined ? fallback : n;
  };
  const banner = { title: t("banner.title"), description: t("banner.description") };
  const out: Record<string, unknown> = {
    ...base,
    name: t("name") ?? "",
    allowedOrigins: str(form, "allowedOrigins").split(/\s+/).filter(Boolean),
    policyVersion: str(form, "policyVersion") || base.policyVersion,
    purposes,
    questions,
    segments,
    k: number("k", base.k),
    windowDays: number("windowDays", base.windowDays),
    retentionDays: number("retentionDays", base.retentionDays),
    banner: Object.fromEntries(Object.entries(banner).filter(([, v]) => v !== undefined)),
  };
  // The record of processing (GDPR art. 30): controller, rights contact, transfers, measures.
  const controller = {
    name: str(form, "controller.name"),
    contact: str(form, "controller.contact"),
    dpo: str(form, "controller.dpo"),
  };
  delete out.controller;
  if (controller.name !== "" || controller.contact !== "") {
    out.controller = {
      name: controller.name,
      contact: controller.contact,
      ...(controller.dpo ? { dpo: controller.dpo } : {}),
    };
  }
  const rights = str(form, "rightsContact");
  delete out.rightsContact;
  if (rights !== "") out.rightsContact = rights;
  const transfers = pipeLines(str(form, "transfers")).map(
    ([recipient = "", country = "", safeguard = ""]) => ({ recipient, country, safeguard }),
  );
  delete out.transfers;
  if (transfers.length > 0) out.transfers = transfers;
  const security = str(form, "security")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  delete out.security;
  if (security.length > 0) out.security = security;
  // Noise (issue 9): empty fields take the schema's defaults; exact counts only when ticked.
  const epsilon = str(form, "dpEpsilon");
  if (epsilon === "") delete out.dpEpsilon;
  else out.dpEpsilon = Number(epsilon);
  const cap = str(form, "maxEpsilonPerContribution");
  if (cap === "") delete out.maxEpsilonPerContribution;
  else out.maxEpsilonPerContribution = Number(cap);
  out.exactCounts = checked(form, "exactCounts");
  return out;
}
