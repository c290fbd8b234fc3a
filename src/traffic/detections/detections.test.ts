/**
 * Every traffic detection: a case that fires (with its evidence: IPs, count, window, samples with
 * file:line, route) and a near miss just under its threshold.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findTrafficDetection } from './index.ts';
import type { TrafficAlert } from '../detection.ts';
import type { AccessRecord } from '../../sources/access/types.ts';
import type { TrafficConfig } from '../settings.ts';
import { MINUTE, SECOND, T0, analyze, many, record } from '../../../test/helpers/traffic.ts';

async function alertsOf(
  id: string,
  records: readonly AccessRecord[],
  options: { config?: TrafficConfig; table?: boolean } = {},
): Promise<readonly TrafficAlert[]> {
  const detection = findTrafficDetection(id);
  assert.ok(detection, id);
  const { alerts } = await analyze(records, { ...options, detections: [detection] });
  return alerts;
}

/** Steady traffic on one route: `perMinute` requests each minute for `minutes` minutes from `start`. */
function steady(
  minutes: number,
  perMinute: number,
  start = T0,
  fields: Partial<AccessRecord> = {},
): AccessRecord[] {
  return many(minutes * perMinute, (i) =>
    record({
      time: start + Math.floor(i / perMinute) * MINUTE + (i % perMinute) * 100,
      clientIp: `10.1.0.${String(i % 50)}`,
      upstreamName: 'shop-api-8080',
      target: '/api/v1/products',
      ...fields,
    }),
  );
}

describe('traffic-5xx-spike', () => {
  it('fires when 5xx jump above 5% and 3× the trailing hour on a route', async () => {
    const baseline = steady(60, 20);
    const spike = steady(5, 20, T0 + 60 * MINUTE).map((r, i) => (i % 4 === 0 ? { ...r, status: 503 } : r));
    const alerts = await alertsOf('traffic-5xx-spike', [...baseline, ...spike]);
    assert.equal(alerts.length, 1);
    const [alert] = alerts;
    assert.equal(alert?.severity, 'warning');
    assert.equal(alert.route?.name, 'shop');
    assert.equal(alert.route.path, '/api');
    assert.equal(alert.count, 25);
    assert.ok(alert.window && Date.parse(alert.window.start) >= T0 + 56 * MINUTE);
    assert.ok(alert.samples.length > 0);
    assert.match(alert.samples[0]?.file ?? '', /access\.log/);
    assert.ok(alert.ips.length > 0);
  });

  it('near miss: 5% exactly, or too few requests, or no worse than the baseline', async () => {
    const fivePercent = steady(10, 20).map((r, i) => (i % 20 === 0 ? { ...r, status: 500 } : r));
    assert.deepEqual(await alertsOf('traffic-5xx-spike', fivePercent), []);
    const few = steady(5, 3).map((r) => ({ ...r, status: 502 }));
    assert.deepEqual(await alertsOf('traffic-5xx-spike', few), []);
    const alwaysBad = steady(70, 20).map((r, i) => (i % 5 === 0 ? { ...r, status: 500 } : r));
    assert.equal(
      (await alertsOf('traffic-5xx-spike', alwaysBad)).length,
      1,
      'only the first window, against no baseline',
    );
  });

  it('thresholds are configurable', async () => {
    const mild = [
      ...steady(60, 20),
      ...steady(5, 20, T0 + 60 * MINUTE).map((r, i) => (i % 10 === 0 ? { ...r, status: 500 } : r)),
    ];
    assert.equal((await alertsOf('traffic-5xx-spike', mild)).length, 1);
    assert.deepEqual(
      await alertsOf('traffic-5xx-spike', mild, { config: { errorSpike: { minShare: 0.2 } } }),
      [],
    );
  });
});

describe('traffic-4xx-spike', () => {
  it('fires on a wave of 4xx, not on 5xx', async () => {
    const records = [
      ...steady(60, 20),
      ...steady(5, 20, T0 + 60 * MINUTE).map((r, i) => (i % 3 === 0 ? { ...r, status: 404 } : r)),
    ];
    const alerts = await alertsOf('traffic-4xx-spike', records);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.severity, 'info');
    const fivexx = records.map((r) => (r.status === 404 ? { ...r, status: 500 } : r));
    assert.deepEqual(await alertsOf('traffic-4xx-spike', fivexx), []);
  });
});

function logins(count: number, ip: string, spacingMs: number, status = 401): AccessRecord[] {
  return many(count, (i) =>
    record({
      time: T0 + i * spacingMs,
      clientIp: ip,
      method: 'POST',
      target: '/login',
      status,
      upstreamName: 'accounts-auth-80',
    }),
  );
}

describe('traffic-brute-force', () => {
  it('fires on ≥ 10 denials to one host+path from one IP within 5 minutes, with the route', async () => {
    const alerts = await alertsOf('traffic-brute-force', logins(12, '198.51.100.7', 5 * SECOND));
    assert.equal(alerts.length, 1);
    const [alert] = alerts;
    assert.equal(alert?.count, 12);
    assert.deepEqual(alert.ips, [{ ip: '198.51.100.7', count: 12 }]);
    assert.equal(alert.route?.namespace, 'accounts');
    assert.equal(alert.route.name, 'login');
    assert.equal(alert.host, 'shop.example.com');
    assert.equal(alert.path, '/login');
    assert.equal(alert.samples.length, 5);
    assert.equal(alert.severity, 'warning');
  });

  it('is raised to error when the same client then gets a 2xx', async () => {
    const records = [
      ...logins(10, '198.51.100.7', SECOND),
      ...logins(1, '198.51.100.7', SECOND, 200).map((r) => ({ ...r, time: T0 + MINUTE })),
    ];
    const [alert] = await alertsOf('traffic-brute-force', records);
    assert.equal(alert?.severity, 'error');
    assert.equal(alert.details.succeededAfter, 1);
  });

  it('near miss: 9 denials, or 10 spread over more than 5 minutes, or from 10 IPs', async () => {
    assert.deepEqual(await alertsOf('traffic-brute-force', logins(9, '198.51.100.7', SECOND)), []);
    assert.deepEqual(await alertsOf('traffic-brute-force', logins(10, '198.51.100.7', 40 * SECOND)), []);
    const spread = many(10, (i) => logins(1, `198.51.100.${String(i)}`, SECOND)[0] ?? record());
    assert.deepEqual(await alertsOf('traffic-brute-force', spread), []);
  });
});

describe('traffic-scanner', () => {
  it('fires on ≥ 20 distinct 404 paths from one IP within 5 minutes', async () => {
    const scan = many(20, (i) =>
      record({
        time: T0 + i * SECOND,
        clientIp: '203.0.113.9',
        target: `/backup/${String(i)}.zip`,
        status: 404,
      }),
    );
    const alerts = await alertsOf('traffic-scanner', scan);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.details.distinctNotFound, 20);
    assert.equal(alerts[0].ips[0]?.ip, '203.0.113.9');
  });

  it('fires on a known scanner user agent, whatever the status', async () => {
    const alerts = await alertsOf('traffic-scanner', [
      record({ userAgent: 'sqlmap/1.8.4#stable (https://sqlmap.org)' }),
    ]);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.details.userAgentTool, 'sqlmap');
    const custom = await alertsOf('traffic-scanner', [record({ userAgent: 'AcmeAudit/2.0' })], {
      config: { scanner: { userAgents: ['acmeaudit'] } },
    });
    assert.equal(custom.length, 1);
  });

  it('near miss: 19 distinct paths, the same path 30 times, or 20 paths over 10 minutes; browsers', async () => {
    const nineteen = many(19, (i) =>
      record({ time: T0 + i * SECOND, clientIp: '203.0.113.9', target: `/x/${String(i)}`, status: 404 }),
    );
    assert.deepEqual(await alertsOf('traffic-scanner', nineteen), []);
    const samePath = many(30, (i) =>
      record({ time: T0 + i * SECOND, clientIp: '203.0.113.9', target: '/favicon.ico', status: 404 }),
    );
    assert.deepEqual(await alertsOf('traffic-scanner', samePath), []);
    const slow = many(20, (i) =>
      record({ time: T0 + i * 30 * SECOND, clientIp: '203.0.113.9', target: `/x/${String(i)}`, status: 404 }),
    );
    assert.deepEqual(await alertsOf('traffic-scanner', slow), []);
    assert.deepEqual(await alertsOf('traffic-scanner', [record()]), []);
  });
});

const PROBES: readonly [string, string, string][] = [
  ['traffic-sqli-probe', "/api/v1/products?id=1'%20OR%20'1'='1", '/api/v1/products?id=12&sort=price'],
  [
    'traffic-sqli-probe',
    '/search?q=1%20UNION%20ALL%20SELECT%20name,pass%20FROM%20users--',
    '/search?q=union+station+select+menu',
  ],
  [
    'traffic-xss-probe',
    '/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E',
    '/search?q=scripting+languages',
  ],
  ['traffic-xss-probe', '/p?x=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E', '/p?x=image+on+error'],
  ['traffic-path-traversal', '/static/..%2f..%2f..%2fetc%2fpasswd', '/static/app..bundle.js'],
  [
    'traffic-path-traversal',
    '/download?file=%252e%252e%252f%252e%252e%252fetc%252fpasswd',
    '/download?file=report.pdf',
  ],
];

describe('injection probes (counted per IP)', () => {
  for (const [id, attack, benign] of PROBES) {
    it(`${id}: fires on ${attack}, not on ${benign}`, async () => {
      const alerts = await alertsOf(id, [
        record({ clientIp: '192.0.2.5', target: attack, status: 200 }),
        record({ clientIp: '192.0.2.5', target: attack, status: 500 }),
      ]);
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]?.count, 2);
      assert.deepEqual(alerts[0].ips, [{ ip: '192.0.2.5', count: 2 }]);
      assert.equal(alerts[0].details.answered2xx, 1);
      assert.equal(alerts[0].samples[0]?.line !== undefined, true);
      assert.deepEqual(await alertsOf(id, [record({ clientIp: '192.0.2.5', target: benign })]), []);
    });
  }

  it('minCount is configurable', async () => {
    const one = [record({ target: '/x?q=%3Cscript%3E' })];
    assert.deepEqual(await alertsOf('traffic-xss-probe', one, { config: { probes: { minCount: 2 } } }), []);
  });
});

describe('traffic-sensitive-file-probe', () => {
  it('fires on /.env, /.git/config, /wp-admin…; error when one was served 2xx', async () => {
    const records = [
      record({ clientIp: '192.0.2.9', target: '/.env', status: 404 }),
      record({ clientIp: '192.0.2.9', target: '/.git/config', status: 404 }),
      record({ clientIp: '192.0.2.10', target: '/app/.env.production', status: 200 }),
    ];
    const alerts = await alertsOf('traffic-sensitive-file-probe', records);
    assert.equal(alerts.length, 2);
    const served = alerts.find((a) => a.ips[0]?.ip === '192.0.2.10');
    assert.equal(served?.severity, 'error');
    const probed = alerts.find((a) => a.ips[0]?.ip === '192.0.2.9');
    assert.equal(probed?.severity, 'warning');
    assert.deepEqual(probed.details.targets, ['.env', '.git']);
  });

  it('near miss: /environment, /git-guide, /admin', async () => {
    const records = ['/environment', '/blog/git-guide', '/admin', '/envoy.yaml'].map((target) =>
      record({ target }),
    );
    assert.deepEqual(await alertsOf('traffic-sensitive-file-probe', records), []);
  });
});

describe('traffic-slow-probe', () => {
  const paths = [
    '/.env',
    '/.git/HEAD',
    '/wp-login.php',
    '/xmlrpc.php',
    '/phpinfo.php',
    '/server-status',
    '/actuator/env',
    '/.aws/credentials',
    '/backup.sql',
    '/db.sql.gz',
    '/.htpasswd',
    '/id_rsa',
    '/cgi-bin/test',
    '/jolokia/list',
    '/.DS_Store',
    '/web.config',
  ];

  it('fires on ≥ 15 distinct sensitive paths from one IP spread over hours', async () => {
    const records = paths.map((target, i) =>
      record({ time: T0 + i * 10 * MINUTE, clientIp: '192.0.2.77', target, status: 404 }),
    );
    const alerts = await alertsOf('traffic-slow-probe', records);
    assert.equal(alerts.length, 1);
    assert.ok(Number(alerts[0]?.details.distinctPaths) >= 15);
    assert.ok(Number(alerts[0]?.details.spanMinutes) >= 60);
  });

  it('near miss: 14 paths, or 15 within a minute (that is a scanner), or spread over more than 24 hours', async () => {
    const fourteen = paths
      .slice(0, 14)
      .map((target, i) => record({ time: T0 + i * 10 * MINUTE, clientIp: '192.0.2.77', target }));
    assert.deepEqual(await alertsOf('traffic-slow-probe', fourteen), []);
    const fast = paths.map((target, i) => record({ time: T0 + i * SECOND, clientIp: '192.0.2.77', target }));
    assert.deepEqual(await alertsOf('traffic-slow-probe', fast), []);
    const tooSlow = paths.map((target, i) =>
      record({ time: T0 + i * 2 * 60 * MINUTE, clientIp: '192.0.2.77', target }),
    );
    assert.deepEqual(await alertsOf('traffic-slow-probe', tooSlow), []);
  });
});

describe('traffic-unknown-host', () => {
  it('fires on requests answered by the default backend, per host', async () => {
    const records = [
      record({ upstreamName: 'upstream-default-backend', status: 404 }),
      record({ upstreamName: undefined, host: 'old.example.net', status: 404 }),
      record({ upstreamName: undefined, host: 'old.example.net', status: 404 }),
    ];
    const alerts = await alertsOf('traffic-unknown-host', records);
    assert.equal(alerts.length, 2);
    const named = alerts.find((a) => a.host === 'old.example.net');
    assert.equal(named?.count, 2);
    assert.equal(named.details.hostRouted, false);
    assert.equal(alerts.find((a) => a.host === null)?.count, 1);
  });

  it('near miss: routed requests', async () => {
    assert.deepEqual(
      await alertsOf('traffic-unknown-host', [
        record(),
        record({ upstreamName: undefined, host: 'accounts.example.com' }),
      ]),
      [],
    );
  });
});

describe('traffic-unrouted-upstream', () => {
  it('fires on an upstream name that is no backend of the configuration', async () => {
    const alerts = await alertsOf('traffic-unrouted-upstream', [
      record({ upstreamName: 'staging-old-api-80' }),
    ]);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.upstream, 'staging-old-api-80');
  });

  it('near miss: known upstreams; and not checked without a route table', async () => {
    assert.deepEqual(
      await alertsOf('traffic-unrouted-upstream', [record({ upstreamName: 'accounts-profile-80' })]),
      [],
    );
    const { analyzer } = await analyze([record({ upstreamName: 'staging-old-api-80' })], { table: false });
    assert.ok(analyzer.notChecked.some((n) => n.detectionId === 'traffic-unrouted-upstream'));
  });
});

describe('traffic-route-unused', () => {
  it('fires for routes of a frontend with traffic that got none', async () => {
    const alerts = await alertsOf('traffic-route-unused', [
      record({ target: '/' }),
      record({ target: '/static/a.css' }),
      record({ upstreamName: 'shop-api-8080', target: '/api' }),
      record({ upstreamName: 'accounts-auth-80', target: '/login' }),
    ]);
    assert.deepEqual(
      alerts
        .map(
          (a) =>
            `${a.route?.namespace ?? ''}/${a.route?.name ?? ''} ${a.route?.host ?? ''}${a.route?.path ?? ''}`,
        )
        .sort(),
      ['accounts/login accounts.example.com/', 'legacy/admin legacy.example.com/'],
    );
    assert.equal(alerts[0]?.count, 0);
    assert.ok(alerts[0].window);
  });

  it('near miss: an empty log judges nothing', async () => {
    assert.deepEqual(await alertsOf('traffic-route-unused', []), []);
  });
});

describe('settings', () => {
  it('detections can be turned off or given another severity; ignoreClients are skipped', async () => {
    const records = logins(12, '198.51.100.7', SECOND);
    const off = await analyze(records, { config: { detections: { 'traffic-brute-force': 'off' } } });
    assert.ok(!off.alerts.some((a) => a.detectionId === 'traffic-brute-force'));
    const raised = await analyze(records, { config: { detections: { 'traffic-brute-force': 'error' } } });
    assert.equal(raised.alerts.find((a) => a.detectionId === 'traffic-brute-force')?.severity, 'error');
    const ignored = await analyze(records, { config: { ignoreClients: ['198.51.100.7'] } });
    assert.ok(!ignored.alerts.some((a) => a.detectionId === 'traffic-brute-force'));
    assert.equal(ignored.analyzer.totals.requests, 12, 'stats still count ignored clients');
  });
});
