/** Access logs (spec/traffic.md "Formats"): records, parsers, detection and the streaming reader. */
export type {
  AccessCounters,
  AccessRecord,
  LineParser,
  LogFormat,
  ParseProblem,
  ReadAccessOptions,
  ReadProgress,
  SourceLocation,
} from './types.ts';
export { LOG_FORMATS } from './types.ts';
export { detach, decodePath } from './fields.ts';
export {
  INGRESS_NGINX_LOG_FORMAT,
  NGINX_COMBINED_LOG_FORMAT,
  LogFormatError,
  compileNginxLogFormat,
} from './nginx-format.ts';
export { ENVOY_DEFAULT_FORMAT, ISTIO_DEFAULT_FORMAT } from './envoy.ts';
export { createLineParser, detectFormat, type Detection, type ParserOptions } from './parsers.ts';
export {
  checkReadOptions,
  expandAccessPaths,
  newCounters,
  readAccessLogBatches,
  readAccessLogs,
  visitAccessLogs,
} from './read.ts';
