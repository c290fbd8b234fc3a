/**
 * The HTML report (`gatewatch report -o html`): data → one self-contained page. The section renderers
 * are exported for the `serve` dashboard, which composes the same sections.
 */
export {
  buildReportData,
  DEFAULT_EXPIRING_DAYS,
  type CertificateRow,
  type ExposureRow,
  type FindingRow,
  type ReportData,
  type ReportInput,
  type RouteRow,
} from './data.ts';
export { renderHtmlReport, contentSecurityPolicy, cspHash } from './page.ts';
export {
  FilterRows,
  badge,
  renderCertificatesSection,
  renderFilterBar,
  renderFindingsSection,
  renderRouteMapSection,
  renderSummarySection,
  renderThreatSurfaceSection,
} from './sections.ts';
export { REPORT_CSS } from './styles.ts';
export { REPORT_SCRIPT, DATA_ELEMENT_ID, type FilterIndex } from './client.ts';
export {
  html,
  jsonForScript,
  jsonScriptElement,
  safeHref,
  scriptElement,
  styleElement,
  SafeHtml,
  type HtmlValue,
} from './safe-html.ts';
