/**
 * Where gatewatch's own documentation lives, for formats that link to it (SARIF helpUri, Markdown).
 * Read from package.json (`homepage`, `repository`), so a move of the repository is a one-line change there.
 */
import packageJson from '../../package.json' with { type: 'json' };

/** The project's home page (the `gatewatch.dev` domain its annotations use). */
export const PROJECT_HOME: string = packageJson.homepage;

/** The source repository as a browsable URL; docs/ paths resolve against its default branch. */
export const REPOSITORY_URL: string = packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

const DOCS_BASE = `${REPOSITORY_URL}/blob/main/`;

/** docs/rules/<id>.md of the repository, as an absolute URL; the rule's own docs URL when it has one. */
export function ruleDocsUrl(ruleId: string, docs?: { readonly url?: string }): string {
  if (docs?.url !== undefined) return referenceUrl(docs.url);
  return `${DOCS_BASE}docs/rules/${encodeURIComponent(ruleId)}.md`;
}

/** A rule reference as an absolute URL: upstream URLs as they are, repository paths (`docs/…`) resolved. */
export function referenceUrl(reference: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(reference) ? reference : new URL(reference, DOCS_BASE).href;
}
