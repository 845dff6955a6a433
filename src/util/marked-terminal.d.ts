// marked-terminal ships no types; this is the part cka-lab uses (src/util/markdown.ts).
declare module 'marked-terminal' {
  import type { MarkedExtension } from 'marked';

  /**
   * A marked extension whose renderer writes for a terminal (ANSI styles, highlighted code,
   * cli-table3 tables). `options` are its style functions and layout settings (width, tab,
   * reflowText, emoji...); `highlightOptions` go to cli-highlight.
   */
  export function markedTerminal(
    options?: Record<string, unknown>,
    highlightOptions?: Record<string, unknown>,
  ): MarkedExtension & { renderer: Record<string, (this: unknown, ...args: never[]) => string | false> };
}
