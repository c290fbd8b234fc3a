/**
 * A small XML 1.0 well-formedness check for tests (no XML parser is a dependency): balanced tags, quoted
 * attributes without `<`, only the five predefined entities or character references, no characters XML
 * forbids. Enough to catch an escaping mistake in a formatter; not a validating parser.
 */
// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const TAG = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"<]*")*)\s*(\/?)>/;

export function checkWellFormedXml(xml: string): string[] {
  const errors: string[] = [];
  if (FORBIDDEN.test(xml)) errors.push('contains a character XML 1.0 forbids');
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt < 0 ? rest : rest.slice(0, lt);
    checkText(text, errors);
    if (stack.length === 0 && text.trim() !== '')
      errors.push(`text outside the root element: ${text.slice(0, 40)}`);
    if (lt < 0) break;
    rest = rest.slice(lt);
    const tag = TAG.exec(rest);
    if (!tag) {
      errors.push(`malformed tag at: ${rest.slice(0, 60)}`);
      break;
    }
    const [whole, closing, name = '', attributes = '', selfClosing] = tag;
    checkText(attributes, errors);
    if (closing) {
      const open = stack.pop();
      if (open !== name) errors.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name);
    }
    rest = rest.slice(whole.length);
  }
  if (stack.length > 0) errors.push(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) errors.push(`${roots} root elements`);
  return errors;
}

function checkText(text: string, errors: string[]): void {
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    if (!ENTITY.test(text.slice(i))) errors.push(`bare & at: ${text.slice(i, i + 20)}`);
  }
  if (text.includes('>') && text.includes(']]>')) errors.push('raw ]]> in text');
}
