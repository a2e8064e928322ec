/**
 * CommonJS stand-in for strip-bom@5, which is ESM-only. @microsoft/app-manifest require()s it:
 * Node >= 20.19 loads ESM through require(), but jest's module runtime does not, so tests swap this in.
 */
export default function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
