/**
 * Well-known URL paths of endpoints that should not be published without authentication: admin
 * consoles, diagnostics and files that leak source or credentials. Each entry says why.
 */
import { indexOfSegments, literalSegments } from '../model/paths.ts';
import { StringMemo } from '../model/memo.ts';

export interface SensitivePath {
  /** The path as users write it, e.g. `/actuator`. */
  readonly path: string;
  readonly why: string;
  readonly reference: string;
}

const OWASP_ADMIN_INTERFACES =
  'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/05-Enumerate_Infrastructure_and_Application_Admin_Interfaces';
const OWASP_FILE_EXTENSIONS =
  'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information';

export const SENSITIVE_PATHS: readonly SensitivePath[] = [
  { path: '/admin', why: 'administration interface', reference: OWASP_ADMIN_INTERFACES },
  {
    path: '/metrics',
    why: 'Prometheus metrics reveal internals and traffic',
    reference: 'https://prometheus.io/docs/operating/security/',
  },
  {
    path: '/actuator',
    why: 'Spring Boot Actuator can expose environment, heap dumps and log levels',
    reference: 'https://docs.spring.io/spring-boot/reference/actuator/endpoints.html',
  },
  {
    path: '/debug',
    why: 'debug handlers such as Go pprof and expvar',
    reference: 'https://pkg.go.dev/net/http/pprof',
  },
  { path: '/_debug', why: 'debug handlers', reference: OWASP_ADMIN_INTERFACES },
  { path: '/.git', why: 'Git metadata exposes source code and history', reference: OWASP_FILE_EXTENSIONS },
  { path: '/.env', why: 'dotenv files hold credentials', reference: OWASP_FILE_EXTENSIONS },
  {
    path: '/swagger',
    why: 'API documentation maps every endpoint',
    reference: 'https://swagger.io/docs/open-source-tools/swagger-ui/usage/installation/',
  },
  {
    path: '/swagger-ui',
    why: 'API documentation maps every endpoint',
    reference: 'https://swagger.io/docs/open-source-tools/swagger-ui/usage/installation/',
  },
  {
    path: '/swagger-ui.html',
    why: 'API documentation maps every endpoint',
    reference: 'https://springdoc.org/',
  },
  { path: '/api-docs', why: 'OpenAPI description maps every endpoint', reference: 'https://springdoc.org/' },
  { path: '/console', why: 'administration or database console', reference: OWASP_ADMIN_INTERFACES },
  {
    path: '/h2-console',
    why: 'H2 database console can run SQL',
    reference: 'https://www.h2database.com/html/tutorial.html#console_settings',
  },
  {
    path: '/server-status',
    why: 'Apache mod_status shows clients and requests',
    reference: 'https://httpd.apache.org/docs/2.4/mod/mod_status.html',
  },
  {
    path: '/server-info',
    why: 'Apache mod_info shows the server configuration',
    reference: 'https://httpd.apache.org/docs/2.4/mod/mod_info.html',
  },
  { path: '/phpmyadmin', why: 'database administration interface', reference: OWASP_ADMIN_INTERFACES },
  {
    path: '/wp-admin',
    why: 'WordPress administration interface',
    reference: 'https://developer.wordpress.org/advanced-administration/security/hardening/',
  },
  {
    path: '/jolokia',
    why: 'JMX over HTTP can change and read the JVM',
    reference: 'https://jolokia.org/reference/html/manual/security.html',
  },
  {
    path: '/manager',
    why: 'Tomcat Manager deploys applications',
    reference: 'https://tomcat.apache.org/tomcat-10.1-doc/manager-howto.html',
  },
  {
    path: '/_profiler',
    why: 'Symfony profiler shows requests, sessions and configuration',
    reference: 'https://symfony.com/doc/current/profiler.html',
  },
];

const INDEXED = SENSITIVE_PATHS.map((entry) => ({
  entry,
  segments: literalSegments(entry.path.toLowerCase()),
}));

/**
 * The sensitive endpoint a path publishes, matched on whole segments anywhere in the path
 * (`/app/actuator/health` publishes `/actuator`; `/administration` is not `/admin`). Case-insensitive:
 * many applications route case-insensitively.
 */
export function findSensitivePath(path: string): SensitivePath | undefined {
  return sensitivePathOf.get(path);
}

// Remembered per path value: the same few paths (`/`, `/api`…) recur across thousands of Ingresses.
const sensitivePathOf = new StringMemo((path: string): SensitivePath | undefined => {
  const segments = literalSegments(path.toLowerCase());
  for (const { entry, segments: needle } of INDEXED) {
    if (indexOfSegments(segments, needle) >= 0) return entry;
  }
  return undefined;
});
