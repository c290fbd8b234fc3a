import { defineRule } from '../engine/rule.ts';
import { isNginx, nginxAnnotation, nginxAnnotationPath } from './support/nginx.ts';

/** nginx sizes: a number with an optional k/m/g suffix; any spelling of zero disables the check. */
const ZERO_SIZE = /^0+[kKmMgG]?$/;

export default defineRule({
  id: 'nginx-body-size-unlimited',
  severity: 'info',
  category: 'nginx',
  preset: 'strict',
  docs: {
    summary:
      'proxy-body-size "0" turns off nginx\'s request body limit (client_max_body_size 0): clients may upload bodies of any size, filling buffers, disks and backends.',
    remediation:
      'Set proxy-body-size to the largest upload the application accepts (e.g. "50m"), on the Ingress that serves the upload path only.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#custom-max-body-size',
      'https://nginx.org/en/docs/http/ngx_http_core_module.html#client_max_body_size',
    ],
  },
  messages: {
    unlimited: 'proxy-body-size is "{{value}}": request bodies of any size are accepted.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (!isNginx(model, ingress)) return;
        const value = nginxAnnotation(ingress, 'proxy-body-size');
        if (value === undefined || !ZERO_SIZE.test(value.trim())) return;
        report({ path: nginxAnnotationPath('proxy-body-size'), messageId: 'unlimited', data: { value } });
      },
    };
  },
});
