/**
 * The traffic detection registry: every detection of spec/traffic.md, listed explicitly in the spec's
 * order (test/traffic-parity.test.ts checks the ids against the spec's table).
 */
import type { TrafficDetection } from '../detection.ts';
import traffic5xxSpike from './traffic-5xx-spike.ts';
import traffic4xxSpike from './traffic-4xx-spike.ts';
import trafficBruteForce from './traffic-brute-force.ts';
import trafficScanner from './traffic-scanner.ts';
import trafficSqliProbe from './traffic-sqli-probe.ts';
import trafficXssProbe from './traffic-xss-probe.ts';
import trafficPathTraversal from './traffic-path-traversal.ts';
import trafficSensitiveFileProbe from './traffic-sensitive-file-probe.ts';
import trafficSlowProbe from './traffic-slow-probe.ts';
import trafficUnknownHost from './traffic-unknown-host.ts';
import trafficUnroutedUpstream from './traffic-unrouted-upstream.ts';
import trafficRouteUnused from './traffic-route-unused.ts';

export const TRAFFIC_DETECTIONS: readonly TrafficDetection[] = [
  traffic5xxSpike,
  traffic4xxSpike,
  trafficBruteForce,
  trafficScanner,
  trafficSqliProbe,
  trafficXssProbe,
  trafficPathTraversal,
  trafficSensitiveFileProbe,
  trafficSlowProbe,
  trafficUnknownHost,
  trafficUnroutedUpstream,
  trafficRouteUnused,
];

export const TRAFFIC_DETECTION_IDS: readonly string[] = TRAFFIC_DETECTIONS.map((d) => d.id);

export function findTrafficDetection(id: string): TrafficDetection | undefined {
  return TRAFFIC_DETECTIONS.find((detection) => detection.id === id);
}
