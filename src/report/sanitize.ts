/** Strings from manifests and logs are hostile (DESIGN §5.6): neutralise them for each medium. */

// C0 and C1 control characters except tab and newline, DEL, and bidi overrides that can reorder text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** For terminals: removes escape sequences and control characters (a manifest cannot repaint the screen). */
export function stripControl(value: string): string {
  return value.replace(CONTROL, (ch) =>
    ch === '\u001b' ? '\\e' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** One line for terminals: newlines shown as \n. */
export function oneLine(value: string): string {
  return stripControl(value).replace(/\r?\n/g, '\\n');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** XML 1.0 text/attribute: escapes markup and drops characters XML cannot carry. */
export function escapeXml(value: string): string {
  // eslint-disable-next-line no-control-regex -- characters XML 1.0 forbids
  return escapeHtml(value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
}

/**
 * Markdown (GitHub PR comments): no HTML, no links, emphasis, headings or mentions injected from data;
 * one line (safe in a table cell). Markdown punctuation is backslash-escaped before HTML escaping, so
 * the entities escapeHtml produces (`&#39;`) are not broken by a later `\#`.
 */
export function escapeMarkdown(value: string): string {
  return escapeHtml(stripControl(value).replace(/([\\`*_{}[\]()#+!|~@])/g, '\\$1')).replace(/\r?\n/g, ' ');
}

/** XML for untrusted text: control characters made visible first (so nothing silently vanishes), then escaped. */
export function escapeXmlText(value: string): string {
  return escapeXml(stripControl(value.toWellFormed()));
}

/**
 * For JSON text (json, sarif): JSON.stringify already escapes C0 controls; this also writes C1 controls,
 * DEL, line/paragraph separators and bidi overrides as \uXXXX escapes. The parsed data is unchanged;
 * the file itself no longer reorders or hides text when someone `cat`s it.
 */
export function escapeJsonInvisibles(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
