/**
 * HTML built only through the `html` tagged template: every interpolated value is escaped unless it is
 * already SafeHtml (produced by this module). So markup can be composed from pieces, but a string that
 * came from a manifest can never become markup — there is no way to concatenate it in unescaped.
 */
import { escapeHtml, stripControl } from '../sanitize.ts';

/** Only this module holds the token, so only this module can mint SafeHtml. */
const MINT: object = Object.freeze({});

export class SafeHtml {
  readonly #text: string;

  constructor(mint: object, text: string) {
    if (mint !== MINT) throw new TypeError('SafeHtml is made by html`…`, not constructed');
    this.#text = text;
  }

  toString(): string {
    return this.#text;
  }
}

function markup(text: string): SafeHtml {
  return new SafeHtml(MINT, text);
}

/** What may be interpolated: strings and numbers are escaped; nothing, false and null render nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (value === null || value === undefined || value === false || value === true) return '';
  // Control characters and bidi overrides shown as \uXXXX: a name cannot reorder or hide the text around it.
  if (typeof value === 'string') return escapeHtml(stripControl(value.toWellFormed()));
  if (typeof value === 'number') return escapeHtml(String(value));
  return value.map(render).join('');
}

/**
 * `html\`<td>${name}</td>\`` — the template's literal parts are markup, every value is escaped. Put
 * values only in element content or in double-quoted attribute values, never in an unquoted attribute,
 * a URL attribute, an event handler, a `<script>` or a `<style>`.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (const [index, value] of values.entries()) out += render(value) + (strings[index + 1] ?? '');
  return markup(out);
}

/**
 * gatewatch's own text (the stylesheet, the client script, JSON already escaped) checked for what could
 * close its raw-text element early.
 */
function rawText(text: string, element: 'style' | 'script'): string {
  if (new RegExp(`</${element}`, 'i').test(text) || text.includes('<!--'))
    throw new Error(`text for <${element}> must not contain </${element} or <!--`);
  return text;
}

/**
 * `<style>` with exactly `css` inside — the text the page's CSP hash is computed over. Whole elements
 * are made here, not in a template, so formatting a template can never add whitespace to the hashed text.
 */
export function styleElement(css: string): SafeHtml {
  return markup(`<style>${rawText(css, 'style')}</style>`);
}

/** `<script>` with exactly `code` inside (see styleElement). */
export function scriptElement(code: string): SafeHtml {
  return markup(`<script>${rawText(code, 'script')}</script>`);
}

/**
 * A link gatewatch itself made (rule docs, references): only absolute https URLs pass. Data from
 * manifests never becomes a link, whatever its scheme.
 */
export function safeHref(url: string): string | undefined {
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Data for a page script, for `<script type="application/json">`: JSON with `<`, `>`, `&` and the
 * line/paragraph separators written as \u escapes, so no value can end the element, open a comment
 * or break a JavaScript parser; the parsed value is unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `<script type="application/json" id="…">` holding `value` (see jsonForScript); `id` is a constant. */
export function jsonScriptElement(id: string, value: unknown): SafeHtml {
  if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new Error(`not an element id: ${id}`);
  return markup(
    `<script type="application/json" id="${id}">${rawText(jsonForScript(value), 'script')}</script>`,
  );
}
