/**
 * The npm package for single-page apps (README "ES module package"): `npm pack` builds a tarball
 * that a fresh project installs, imports as `preferably`, type-checks with strict TypeScript and
 * bundles with Vite. What is tested is the tarball itself, as a user would get it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const root = mkdtempSync(join(tmpdir(), "preferably-pack-"));
const consumer = join(root, "consumer");
let tarball = "";

const CONSUMER_TS = `import { getConsent, getSegments, init, type InitOptions, on, open } from "preferably";

const options: InitOptions = { site: "demo", endpoint: "https://edge.example" };
export async function start(): Promise<boolean> {
  const shown: boolean = await init(options);
  const stop: () => void = on("segments", (detail) => console.log(detail));
  const consent: Record<string, boolean> | undefined = getConsent();
  const segments: string[] = getSegments();
  open();
  stop();
  return shown && (consent === undefined || segments.length >= 0);
}

export function misuse(): void {
  // @ts-expect-error init needs the site
  void init({ endpoint: "https://edge.example" });
  // @ts-expect-error only "consent" and "segments" are events
  on("clicked", () => {});
}
`;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** The project's own tsc on the consumer: its exit status and what it printed. */
function typecheck(): { status: number | null; output: string } {
  const tsc = spawnSync(join(ROOT, "node_modules", ".bin", "tsc"), ["-p", consumer], {
    cwd: consumer,
    encoding: "utf8",
  });
  return { status: tsc.status, output: tsc.stdout + tsc.stderr };
}

beforeAll(() => {
  // What `npm pack`'s prepack does (package.json), without its `vite build`: that empties dist/,
  // which `wrangler dev` serves to the e2e tests running beside this one. `npm test` has built
  // dist/ already; only the declarations are added (dist/types/).
  if (!existsSync(join(ROOT, "dist", "widget.mjs"))) run("npm", ["run", "build"], ROOT);
  run("npx", ["tsx", "scripts/build-types.ts"], ROOT);
  run("npm", ["pack", "--ignore-scripts", "--pack-destination", root, "--silent"], ROOT);
  tarball = readdirSync(root).find((f) => f.endsWith(".tgz")) ?? "";
  mkdirSync(join(consumer, "src"), { recursive: true });
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify({ name: "shop", private: true, type: "module" }),
  );
  // From the npm cache `npm ci` filled: the package's own dependencies are the project's.
  run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--silent", join(root, tarball)],
    consumer,
  );
  writeFileSync(join(consumer, "src", "main.ts"), CONSUMER_TS);
  writeFileSync(
    join(consumer, "index.html"),
    '<!doctype html><html><body><script type="module" src="/src/main.ts"></script></body></html>',
  );
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        lib: ["ES2022", "DOM"],
        types: [],
        strict: true,
        noEmit: true,
        // The package's declarations are checked too, not skipped.
        skipLibCheck: false,
      },
      include: ["src"],
    }),
  );
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("npm pack", () => {
  it("should pack the ES module, its lazy modules and the declarations, nothing else", () => {
    const list = run("tar", ["-tzf", join(root, tarball)], root)
      .trim()
      .split("\n")
      .sort();
    expect(tarball).toMatch(/^preferably-\d+\.\d+\.\d+\.tgz$/);
    expect(list).toContain("package/dist/widget.mjs");
    expect(list).toContain("package/dist/widget-rules.mjs");
    expect(list).toContain("package/dist/widget-center.mjs");
    expect(list).toContain("package/dist/types/widget/index.d.ts");
    expect(list).toContain("package/LICENSE");
    for (const f of list)
      expect(f, f).toMatch(
        /^package\/(dist\/(widget|widget-center|widget-rules)\.mjs|dist\/types\/.+\.d\.ts|package\.json|README\.md|LICENSE)$/,
      );
  });

  it("should type-check a consumer that imports init, open, getConsent, getSegments and on", () => {
    // Any error fails, an unused @ts-expect-error included.
    expect(typecheck()).toEqual({ status: 0, output: "" });
  });

  it("should refuse a consumer that misuses the API (the types are not `any`)", () => {
    const bad = join(consumer, "src", "bad.ts");
    writeFileSync(bad, 'import { init } from "preferably";\nvoid init({ site: 1 });\n');
    try {
      const result = typecheck();
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/src\/bad\.ts\(2,\d+\): error TS2322/);
    } finally {
      rmSync(bad);
    }
  });

  it("should bundle with Vite into a page script that carries the widget", async () => {
    await build({
      root: consumer,
      configFile: false,
      logLevel: "silent",
      build: { outDir: join(consumer, "out"), emptyOutDir: true },
    });
    const assets = readdirSync(join(consumer, "out", "assets")).filter((f) => f.endsWith(".js"));
    expect(assets.length).toBeGreaterThan(0);
    const js = assets.map((f) => readFileSync(join(consumer, "out", "assets", f), "utf8")).join("");
    // The widget's event names and the lazy module it loads from the edge made it in.
    expect(js).toContain("preferably:");
    expect(js).toContain("widget-center.mjs");
  });
});
