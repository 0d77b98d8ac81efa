/** The comments' Markdown with hostile inputs: nothing a comment holds may run or smuggle a link. */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown, safeHref } from './markdown.js';

afterEach(cleanup);

function html(source: string) {
  const { container } = render(<Markdown source={source} />);
  return container;
}

describe('safeHref', () => {
  it('keeps http, https and mailto addresses', () => {
    expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHref('http://studio.local:8080/')).toBe('http://studio.local:8080/');
    expect(safeHref('mailto:ana@example.com')).toBe('mailto:ana@example.com');
  });

  it('refuses every other scheme, however it is spelt', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'javascript&#58;alert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//evil.example/x',
      '/relative',
      'x',
      '',
      '\u0000javascript:alert(1)',
      'https://exa mple.com',
    ]) {
      expect(safeHref(url), url).toBeNull();
    }
  });
});

describe('the comments Markdown', () => {
  it('renders the marks a comment uses', () => {
    const c = html(
      '# Mix notes\n\n**Loud** and *clear*, `bus 3` is _hot_.\nSecond line\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n```\n<b>code</b>\n```',
    );
    expect(c.querySelector('h4')?.textContent).toBe('Mix notes');
    expect(c.querySelector('strong')?.textContent).toBe('Loud');
    expect([...c.querySelectorAll('em')].map((e) => e.textContent)).toEqual(['clear', 'hot']);
    expect(c.querySelector('p code')?.textContent).toBe('bus 3');
    expect(c.querySelector('br')).not.toBeNull();
    expect([...c.querySelectorAll('ul li')].map((e) => e.textContent)).toEqual(['one', 'two']);
    expect([...c.querySelectorAll('ol li')].map((e) => e.textContent)).toEqual(['first', 'second']);
    expect(c.querySelector('blockquote')?.textContent).toBe('quoted');
    expect(c.querySelector('pre code')?.textContent).toBe('<b>code</b>');
    expect(c.querySelector('b')).toBeNull();
  });

  it('makes links that open safely, from [text](url) and bare addresses', () => {
    const c = html('See [the bounce](https://example.com/b.wav) or https://example.com/x.');
    const links = [...c.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/b.wav',
      'https://example.com/x',
    ]);
    expect(links[0]!.textContent).toBe('the bounce');
    for (const a of links) {
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
      expect(a.getAttribute('target')).toBe('_blank');
    }
    expect(c.textContent).toContain('https://example.com/x.');
  });

  it('shows raw HTML as text: no element, no handler, no script', () => {
    const hostile = [
      '<img src=x onerror="window.pwned=1">',
      '<script>window.pwned=1</script>',
      '<svg onload=alert(1)>',
      '<a href="javascript:alert(1)">click</a>',
      '<iframe src="https://evil.example"></iframe>',
      '**<img src=x onerror=alert(1)>**',
      '[<img src=x onerror=alert(1)>](https://example.com)',
      '<style>body{display:none}</style>',
    ];
    for (const source of hostile) {
      const c = html(source);
      expect(
        c.querySelector('img, script, svg, iframe, style, [onerror], [onload]'),
        source,
      ).toBeNull();
      for (const a of c.querySelectorAll('a')) {
        expect(a.getAttribute('href')).toMatch(/^https:\/\//);
      }
      expect(c.textContent).toContain('<');
      cleanup();
    }
  });

  it('keeps the words of a link whose target is refused, as text', () => {
    for (const source of [
      '[click](javascript:alert(1))',
      '[click](javascript:alert%281%29)',
      '[click](data:text/html,<script>alert(1)</script>)',
      '[click](JAVASCRIPT:alert`1`)',
      '[click](vbscript:x)',
    ]) {
      const c = html(source);
      expect(c.querySelector('a'), source).toBeNull();
      expect(c.textContent).toContain('click');
      cleanup();
    }
  });

  it('never nests a link in a link, and stops nesting quotes past a few levels', () => {
    const c = html('[see https://example.com/a](https://example.com/b)');
    expect(c.querySelectorAll('a')).toHaveLength(1);
    const deep = html('>'.repeat(5000) + ' deep');
    expect(deep.querySelectorAll('blockquote').length).toBeLessThanOrEqual(4);
    expect(deep.textContent).toContain('deep');
  });

  it('stays quick on input built to make a parser backtrack', () => {
    const start = performance.now();
    for (const source of [
      '**a '.repeat(2500),
      '*'.repeat(10_000),
      '_a'.repeat(5000),
      '['.repeat(5000) + '](',
      '`'.repeat(10_000),
      'https://' + 'a'.repeat(9990),
    ]) {
      html(source);
      cleanup();
    }
    expect(performance.now() - start).toBeLessThan(3000);
  });
});
