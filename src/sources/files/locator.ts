/**
 * Finds the line of a field inside one YAML/JSON document. Lookups are lazy (only documents with a
 * finding are ever looked at) and go first to the indentation-based BlockLocator, which handles the
 * block style nearly every manifest is written in without building a tree. Documents it does not
 * fully understand go to the `yaml` library, which is exact but several times slower than parsing
 * the whole input with js-yaml: with findings on most documents it dominated a scan.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { parsePath, type PathSegment } from '../../model/field-path.ts';
import { BlockLocator, UNSUPPORTED } from './block-locator.ts';
import { StringMemo } from '../../model/memo.ts';

const NO_SEGMENTS: readonly PathSegment[] = Object.freeze([]);

/** Findings of many objects point at the same few paths (`spec`, `spec.tls[0].secretName`): parse each once. */
const parsedPaths = new StringMemo((path: string): readonly PathSegment[] => Object.freeze(parsePath(path)));

export class DocumentLocator {
  private fast: BlockLocator | undefined;
  private exact: YamlLibraryLocator | undefined;
  private readonly text: string;
  private readonly firstLine: number;

  /** `firstLine` is the 1-based line in the file where `text` starts. */
  constructor(text: string, firstLine: number) {
    this.text = text;
    this.firstLine = firstLine;
  }

  /** Line of the deepest existing node along `prefix + path`. */
  locate(prefix: readonly PathSegment[], path: string): number | undefined {
    const parsed = path === '' ? NO_SEGMENTS : parsedPaths.get(path);
    const segments = prefix.length === 0 ? parsed : parsed.length === 0 ? prefix : [...prefix, ...parsed];
    if (!this.exact) {
      this.fast ??= new BlockLocator(this.text);
      const line = this.fast.locate(segments);
      if (line !== UNSUPPORTED) return line === undefined ? undefined : this.firstLine + line;
      // Once a document needs the library, it keeps it: mixing answers from both gains nothing.
      this.fast = undefined;
      this.exact = new YamlLibraryLocator(this.text);
    }
    const line = this.exact.locate(segments);
    return line === undefined ? undefined : this.firstLine + line;
  }
}

/** The reference answer: the `yaml` library's positions. 0-based lines within the text. */
export class YamlLibraryLocator {
  private root: Node | null | undefined;
  private readonly lineCounter = new LineCounter();
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  locate(segments: readonly PathSegment[]): number | undefined {
    if (this.root === undefined) {
      const doc = parseDocument(this.text, {
        lineCounter: this.lineCounter,
        keepSourceTokens: false,
        logLevel: 'silent',
      });
      this.root = doc.contents;
    }
    let node: unknown = this.root;
    let offset: number | undefined = this.root?.range?.[0];
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        break;
      }
    }
    if (offset === undefined) return undefined;
    return this.lineCounter.linePos(offset).line - 1;
  }
}
