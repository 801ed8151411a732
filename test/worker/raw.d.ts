/** Vite's `?raw` imports: a file's text (used to pin wrangler.toml settings in a test). */
declare module "*?raw" {
  const text: string;
  export default text;
}
