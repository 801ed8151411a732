/**
 * @module
 * Turns a hono/jsx page into a full HTML document (hono/jsx renders elements, not the doctype).
 */

/** A rendered hono/jsx element: its string form may be a promise when a component is async. */
export interface Renderable {
  toString(): string | Promise<string>;
}

/** `<!doctype html>` plus the page, so browsers render in standards mode. */
export async function renderDocument(page: Renderable): Promise<string> {
  return `<!doctype html>${await page.toString()}`;
}
