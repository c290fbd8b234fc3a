import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  html,
  jsonForScript,
  jsonScriptElement,
  safeHref,
  SafeHtml,
  scriptElement,
  styleElement,
} from './safe-html.ts';

// Not named `html` here: prettier would reformat the templates and change the strings compared.
const markup = html;

const PAYLOAD = `"><img src=x onerror=alert(1)>'</script>&amp;`;

describe('html`…`', () => {
  it('escapes every interpolated string, in content and in quoted attributes', () => {
    const out = markup`<td title="${PAYLOAD}">${PAYLOAD}</td>`.toString();
    assert.equal(
      out,
      '<td title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&lt;/script&gt;&amp;amp;">' +
        '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&lt;/script&gt;&amp;amp;</td>',
    );
    assert.doesNotMatch(out, /<img|<\/script/);
  });

  it('inserts SafeHtml as markup, arrays joined, and nothing for null, undefined and booleans', () => {
    const items = ['<a>', 'b'].map((item) => markup`<li>${item}</li>`);
    assert.equal(
      markup`<ul>${items}${null}${undefined}${false}${true}${3}</ul>`.toString(),
      '<ul><li>&lt;a&gt;</li><li>b</li>3</ul>',
    );
  });

  it('cannot be forged: SafeHtml is only minted by this module', () => {
    assert.throws(() => new SafeHtml({}, '<script>alert(1)</script>'), TypeError);
  });
});

describe('raw-text elements', () => {
  it('keep the text exactly (what the CSP hash covers) and refuse text that would close them', () => {
    assert.equal(styleElement('a > b { color: red }').toString(), '<style>a > b { color: red }</style>');
    assert.equal(scriptElement('if (a < b) go();').toString(), '<script>if (a < b) go();</script>');
    assert.throws(() => styleElement('a{}</style><script>'), /must not contain/);
    assert.throws(() => scriptElement('x = "</SCRIPT>"'), /must not contain/);
    assert.throws(() => scriptElement('<!-- x'), /must not contain/);
  });
});

describe('jsonForScript', () => {
  it('escapes <, >, &, U+2028 and U+2029 and parses back to the same value', () => {
    const value = { text: `</script><script>alert(1)</script><!-- & \u2028\u2029 ${PAYLOAD}` };
    const json = jsonForScript(value);
    assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(json), value);
  });

  it('makes a JSON block that no value can end early', () => {
    const block = jsonScriptElement('page-data', ['</script><img src=x onerror=alert(1)>']).toString();
    assert.equal(block.match(/<\/script>/g)?.length, 1);
    assert.ok(block.startsWith('<script type="application/json" id="page-data">'));
    assert.throws(() => jsonScriptElement('x" onload="alert(1)', []), /not an element id/);
  });
});

describe('safeHref', () => {
  it('passes absolute https URLs only', () => {
    assert.equal(safeHref('https://gatewatch.dev/docs'), 'https://gatewatch.dev/docs');
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      'http://x',
      '/docs',
      '',
    ])
      assert.equal(safeHref(url), undefined, url);
  });
});
