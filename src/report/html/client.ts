/**
 * The report page's only script: client-side filters (severity, namespace, text). It is written here as
 * a typed function and inlined as its source text (allowed by hash in the page's CSP). It reads its data
 * with textContent + JSON.parse from the `<script type="application/json">` block and touches the page
 * only through textContent, `hidden`, `value` and createElement — never markup from data.
 *
 * The function must be self-contained: it runs in the browser, where nothing of this module exists.
 */

/** The DOM surface the script uses (the project's TypeScript setup has no DOM library). */
interface ClientElement {
  textContent: string | null;
  hidden: boolean;
  value: string;
  checked: boolean;
  readonly dataset: Record<string, string | undefined>;
  querySelectorAll(selectors: string): Iterable<ClientElement>;
  addEventListener(type: string, listener: () => void): void;
  appendChild(child: ClientElement): ClientElement;
}

interface ClientDocument {
  getElementById(id: string): ClientElement | null;
  createElement(tag: string): ClientElement;
  querySelectorAll(selectors: string): Iterable<ClientElement>;
}

/** One filterable row, by its `data-row` index: namespace, severity (findings only), searchable text. */
export interface FilterRow {
  readonly ns: string;
  readonly sev?: string;
  readonly text: string;
}

export interface FilterIndex {
  readonly namespaces: readonly string[];
  readonly rows: readonly FilterRow[];
}

export const DATA_ELEMENT_ID = 'gatewatch-data';

function gatewatchReportClient(doc: ClientDocument): void {
  const dataElement = doc.getElementById('gatewatch-data');
  const filters = doc.getElementById('filters');
  if (!dataElement || !filters) return;
  const parsed: unknown = JSON.parse(dataElement.textContent ?? '{}');
  const index = parsed as Partial<FilterIndex>;
  const rows: readonly FilterRow[] = index.rows ?? [];
  const namespaces: readonly string[] = index.namespaces ?? [];

  const search = doc.getElementById('filter-text');
  const namespaceSelect = doc.getElementById('filter-namespace');
  const statusElement = doc.getElementById('filter-status');
  const reset = doc.getElementById('filter-reset');
  const severityBoxes = Array.from(doc.querySelectorAll('input[data-severity]'));
  if (!search || !namespaceSelect || !statusElement) return;
  const status: ClientElement = statusElement;

  for (const namespace of namespaces) {
    if (typeof namespace !== 'string') continue;
    const option = doc.createElement('option');
    option.value = namespace;
    option.textContent = namespace === '' ? '(cluster-scoped)' : namespace;
    namespaceSelect.appendChild(option);
  }

  const elements = Array.from(doc.querySelectorAll('[data-row]'));

  function visible(row: FilterRow, severities: Set<string>, namespace: string, text: string): boolean {
    if (row.sev !== undefined && !severities.has(row.sev)) return false;
    if (namespace !== '*' && row.ns !== namespace) return false;
    return text === '' || row.text.includes(text);
  }

  function apply(): void {
    const severities = new Set<string>();
    for (const box of severityBoxes)
      if (box.checked && box.dataset.severity) severities.add(box.dataset.severity);
    const namespace = namespaceSelect?.value ?? '*';
    const text = (search?.value ?? '').trim().toLowerCase();
    let shown = 0;
    for (const element of elements) {
      const row = rows[Number(element.dataset.row)];
      const show = row === undefined || visible(row, severities, namespace, text);
      element.hidden = !show;
      if (show) shown++;
    }
    // A group (host of the route map, severity of the findings) disappears when all its rows do; a
    // section says so when nothing in it matches.
    for (const group of Array.from(doc.querySelectorAll('[data-group]'))) {
      const members = Array.from(group.querySelectorAll('[data-row]'));
      group.hidden = members.length > 0 && members.every((member) => member.hidden);
    }
    for (const scope of Array.from(doc.querySelectorAll('[data-filter-scope]'))) {
      const members = Array.from(scope.querySelectorAll('[data-row]'));
      const none = members.length > 0 && members.every((member) => member.hidden);
      for (const table of Array.from(scope.querySelectorAll('.table-wrap'))) table.hidden = none;
      for (const note of Array.from(scope.querySelectorAll('[data-no-match]'))) note.hidden = !none;
      for (const counter of Array.from(scope.querySelectorAll('[data-shown]'))) {
        const visibleCount = members.filter((member) => !member.hidden).length;
        counter.textContent =
          visibleCount === members.length
            ? String(members.length)
            : `${String(visibleCount)} of ${String(members.length)}`;
      }
    }
    status.textContent =
      shown === elements.length
        ? `All ${String(elements.length)} rows shown`
        : `${String(shown)} of ${String(elements.length)} rows match`;
  }

  search.addEventListener('input', apply);
  namespaceSelect.addEventListener('change', apply);
  for (const box of severityBoxes) box.addEventListener('change', apply);
  reset?.addEventListener('click', () => {
    search.value = '';
    namespaceSelect.value = '*';
    for (const box of severityBoxes) box.checked = true;
    apply();
  });
  filters.hidden = false;
  apply();
}

/**
 * The script as the page carries it. Under Node's type stripping and after `tsc` alike, a function's
 * source text is plain JavaScript, so the typed source above is what runs in the browser.
 */
export const REPORT_SCRIPT = `'use strict';\n(${gatewatchReportClient.toString()})(document);\n`;
