import { defineRule } from '../engine/rule.ts';
import { cvesAffecting, smallestSafeUpgrade } from '../knowledge/ingress-nginx-cves.ts';
import { controllerImagePath, nginxControllerVisitors } from '../model/nginx-config.ts';

/**
 * One finding per controller container, listing every advisory that affects its version (most severe
 * first) and the smallest upgrade that clears them all — the shape of an image-scanner result grouped
 * by image, so that an old controller yields one actionable finding instead of twenty.
 */
export default defineRule({
  id: 'controller-ingress-nginx-vulnerable',
  severity: 'error',
  category: 'controller',
  preset: 'recommended',
  docs: {
    summary:
      'The ingress-nginx controller image version is affected by known security advisories (IngressNightmare CVE-2025-1974, the annotation and path injections, and every later advisory).',
    remediation:
      'Upgrade the controller image to the version the finding names (or the final release v1.15.1), and pin images by version tag so the version can be checked.',
    references: [
      'https://kubernetes.io/blog/2025/03/24/ingress-nginx-cve-2025-1974/',
      'https://github.com/kubernetes/kubernetes/issues?q=label%3Aofficial-cve-feed+ingress-nginx',
      'https://kyverno.io/policies/other/check-ingress-nginx-controller-version-and-annotation-policy/check-ingress-nginx-controller-version-and-annotation-policy/',
    ],
  },
  messages: {
    vulnerable:
      'ingress-nginx v{{version}} is affected by {{count}} advisories ({{cves}}); the most severe is {{worst}} ({{worstSeverity}}). Upgrade to v{{upgradeTo}} or later.',
    versionUnknown:
      'The ingress-nginx version of image "{{image}}" cannot be read from its tag, so advisories cannot be checked.',
  },
  create({ model, report }) {
    return nginxControllerVisitors(model, (controller) => {
      const path = controllerImagePath(controller);
      const { version } = controller;
      if (version === undefined) {
        report({ path, messageId: 'versionUnknown', data: { image: controller.image }, severity: 'warning' });
        return;
      }
      const cves = cvesAffecting(version);
      const [worst] = cves;
      if (!worst) return;
      report({
        path,
        messageId: 'vulnerable',
        data: {
          version,
          count: cves.length,
          cves: cves.map((cve) => cve.id).join(', '),
          worst: worst.id,
          worstSeverity:
            worst.cvss === undefined ? worst.severity : `${worst.severity} ${String(worst.cvss)}`,
          upgradeTo: smallestSafeUpgrade(version),
        },
      });
    });
  },
});
