/**
 * Annotations through which a cloud load-balancer controller attaches certificates it manages itself,
 * so an Ingress carrying one serves HTTPS without any `spec.tls`.
 */
export const EXTERNAL_CERTIFICATE_ANNOTATIONS: readonly string[] = [
  // AWS Load Balancer Controller: ACM certificate ARNs.
  'alb.ingress.kubernetes.io/certificate-arn',
  // GKE Ingress: Google Cloud SSL certificates created outside the cluster.
  'ingress.gcp.kubernetes.io/pre-shared-cert',
  // GKE Ingress: ManagedCertificate objects.
  'networking.gke.io/managed-certificates',
  // Azure Application Gateway Ingress Controller: certificates installed on the gateway.
  'appgw.ingress.kubernetes.io/appgw-ssl-certificate',
];

/** The first annotation of the Ingress that attaches an externally managed certificate, if any. */
export function externalCertificateAnnotation(
  annotations: Readonly<Record<string, string>>,
): string | undefined {
  return EXTERNAL_CERTIFICATE_ANNOTATIONS.find((key) => (annotations[key] ?? '').trim() !== '');
}
