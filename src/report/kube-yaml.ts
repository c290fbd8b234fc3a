/**
 * YAML that kubectl reads back as written. kubectl parses YAML 1.1 (sigs.k8s.io/yaml), where `yes`,
 * `on`, `n` or `0777` are not strings: written as YAML 1.1, such strings get quotes. Strings from
 * manifests and logs are hostile: C1 controls, line separators and bidi overrides are written as
 * `\uXXXX` escapes inside double quotes (the parsed value is unchanged; a terminal or an editor shows
 * them instead of obeying them). C0 controls are escaped by the library already.
 */
import { Document, isScalar, visit } from 'yaml';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

/** One YAML document (no `---`), ending with a newline. */
export function toKubeYaml(value: unknown): string {
  const doc = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && INVISIBLE.test(node.value))
        node.type = 'QUOTE_DOUBLE';
    },
  });
  // Only double-quoted scalars can hold these characters now, where \uXXXX is an escape.
  return doc
    .toString({ lineWidth: 0 })
    .replace(INVISIBLE_ALL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `# text` lines; every line of `text` becomes one comment line, control characters made visible. */
export function yamlComment(text: string, indent = ''): string {
  return text
    .split('\n')
    .map(
      (line) =>
        `${indent}#${line === '' ? '' : ` ${line.replace(INVISIBLE_ALL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}`}`,
    )
    .join('\n');
}
