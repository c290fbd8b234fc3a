/**
 * Escaping for the media alerts are written to. Alert strings come from audit events, so anything a
 * user can put in an object name, an annotation or a User-Agent header reaches these functions.
 */

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators and bidi overrides (a terminal or a
// chat client would otherwise let a value rewrite the line it is shown on).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain text: control characters shown as `\uXXXX`, cut to `max` characters with `…`. */
export function oneLine(value: string, max = 300): string {
  const escaped = value.replace(UNSAFE, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}

/**
 * Slack mrkdwn text: `&`, `<` and `>` are the only characters Slack asks to escape; they are what turn
 * text into links and `<!channel>` mentions.
 */
export function slackEscape(value: string, max = 300): string {
  return oneLine(value, max).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
