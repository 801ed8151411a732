/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";

export function consoleRoute(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
