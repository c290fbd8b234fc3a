/**
 * Finds the line of a field inside one YAML/JSON document. Parsing with positions is expensive
 * (the `yaml` library is several times slower than js-yaml), so it happens only for documents
 * that have a finding, once, and is cached.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { parsePath, type PathSegment } from '../../model/field-path.ts';

export class DocumentLocator {
  private root: Node | null | undefined;
  private readonly lineCounter = new LineCounter();
  private readonly text: string;
  private readonly firstLine: number;

  /** `firstLine` is the 1-based line in the file where `text` starts. */
  constructor(text: string, firstLine: number) {
    this.text = text;
    this.firstLine = firstLine;
  }

  /** Line of the deepest existing node along `prefix + path`. */
  locate(prefix: readonly PathSegment[], path: string): number | undefined {
    if (this.root === undefined) {
      const doc = parseDocument(this.text, { lineCounter: this.lineCounter, keepSourceTokens: false });
      this.root = doc.contents;
    }
    let node: unknown = this.root;
    let offset: number | undefined = this.root?.range?.[0];
    for (const segment of [...prefix, ...parsePath(path)]) {
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
    return this.firstLine + this.lineCounter.linePos(offset).line - 1;
  }
}
