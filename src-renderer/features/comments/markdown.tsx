/**
 * A small Markdown for comments, rendered to React elements and never to an HTML string: every
 * piece of a comment ends up as a text node, so `<img onerror>` or `<script>` show as the
 * characters they are. Links keep only http(s) and mailto targets and open with
 * `rel="noopener noreferrer"`. Supported: paragraphs, line breaks, `#` headings, `-`/`*` and `1.`
 * lists, `>` quotes, fenced and inline code, **bold**, *italic*, [links](https://…) and bare URLs.
 */
import { Fragment, type ReactNode } from 'react';

/** The href to use for `url`, or null when it is not an http(s) or mailto address. */
export function safeHref(url: string): string | null {
  const trimmed = url.trim();
  // Control characters and spaces inside a target are how filters get fooled ("java\tscript:").
  // eslint-disable-next-line no-control-regex
  if (trimmed === '' || /[\u0000-\u0020\u007f-\u009f]/.test(trimmed)) return null;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && parsed.protocol !== 'mailto:')
    return null;
  return parsed.href;
}

function link(href: string, children: ReactNode, key: number): ReactNode {
  return (
    <a key={key} href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

// Order matters: code first (nothing inside it is Markdown), then links, then emphasis.
// Every repeat is bounded, so no comment (at most 10,000 characters) makes it backtrack for long.
const INLINE =
  /`([^`\n]{1,2000})`|\[([^\]\n]{1,500})\]\(([^()\s]{1,2000})\)|\*\*(?=\S)([^\n]{1,500}?)\*\*|(?<![\w*])\*(?=\S)([^*\n]{1,500}?)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]{1,500}?)_(?![\w_])|\b((?:https?:\/\/|mailto:)[^\s<>()]{1,2000})/;

/** The inline part of a line (or lines) of text, as React nodes. */
export function renderInline(text: string, depth = 0, inLink = false): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let key = 0;
  while (rest.length > 0) {
    const m = depth > 8 ? null : INLINE.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const [whole, code, linkText, linkUrl, bold, star, under, bare] = m;
    if (code !== undefined) {
      out.push(<code key={key++}>{code}</code>);
    } else if (linkText !== undefined && linkUrl !== undefined) {
      const href = safeHref(linkUrl);
      const inner = renderInline(linkText, depth + 1, true);
      // A refused target keeps its words and shows where it pointed, as plain text.
      out.push(
        href && !inLink ? link(href, inner, key++) : <Fragment key={key++}>{whole}</Fragment>,
      );
    } else if (bold !== undefined) {
      out.push(<strong key={key++}>{renderInline(bold, depth + 1, inLink)}</strong>);
    } else if (star !== undefined || under !== undefined) {
      out.push(<em key={key++}>{renderInline(star ?? under!, depth + 1, inLink)}</em>);
    } else if (bare !== undefined) {
      // Sentence punctuation after a bare address is not part of it.
      const url = bare.replace(/[.,;:!?'"]+$/, '');
      const href = safeHref(url);
      out.push(href && !inLink ? link(href, url, key++) : url);
      rest = rest.slice(m.index + url.length);
      continue;
    }
    rest = rest.slice(m.index + whole.length);
  }
  return out;
}

function withBreaks(lines: string[]): ReactNode[] {
  const out: ReactNode[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push(<br key={`br${i}`} />);
    out.push(<Fragment key={i}>{renderInline(line)}</Fragment>);
  });
  return out;
}

const BULLET = /^\s*[-*+]\s+/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+/;
const HEADING = /^(#{1,6})\s+(.*)$/;
const FENCE = /^\s*```/;

/** A comment's body as React elements: blocks first, then the inline marks of each. */
export function Markdown({ source }: { source: string }) {
  return <div className="markdown">{renderBlocks(source.replace(/\r\n?/g, '\n'))}</div>;
}

/** Quotes nest at most this deep; deeper `>` marks stay as text (no unbounded recursion). */
const MAX_QUOTE_DEPTH = 4;

export function renderBlocks(source: string, depth = 0): ReactNode[] {
  const lines = source.split('\n');
  const blocks: ReactNode[] = [];
  let i = 0;
  const take = (test: (line: string) => boolean): string[] => {
    const got: string[] = [];
    while (i < lines.length && test(lines[i]!)) got.push(lines[i++]!);
    return got;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    const key = blocks.length;
    if (line.trim() === '') {
      i++;
    } else if (FENCE.test(line)) {
      i++;
      const code = take((l) => !FENCE.test(l));
      i++; // the closing fence, if there is one
      blocks.push(
        <pre key={key}>
          <code>{code.join('\n')}</code>
        </pre>,
      );
    } else if (HEADING.test(line)) {
      i++;
      const [, hashes, text] = HEADING.exec(line)!;
      // Headings inside a comment stay below the page's own: h4 to h6.
      const Tag = (['h4', 'h5', 'h6'] as const)[Math.min(hashes!.length, 3) - 1]!;
      blocks.push(<Tag key={key}>{renderInline(text!)}</Tag>);
    } else if (depth < MAX_QUOTE_DEPTH && line.trimStart().startsWith('>')) {
      const quoted = take((l) => l.trimStart().startsWith('>')).map((l) =>
        l.trimStart().replace(/^>\s?/, ''),
      );
      blocks.push(<blockquote key={key}>{renderBlocks(quoted.join('\n'), depth + 1)}</blockquote>);
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      const pattern = BULLET.test(line) ? BULLET : NUMBERED;
      const items = take((l) => pattern.test(l)).map((l) => l.replace(pattern, ''));
      const children = items.map((item, n) => <li key={n}>{renderInline(item)}</li>);
      blocks.push(
        pattern === BULLET ? <ul key={key}>{children}</ul> : <ol key={key}>{children}</ol>,
      );
    } else {
      const para = take(
        (l) =>
          l.trim() !== '' &&
          !FENCE.test(l) &&
          !HEADING.test(l) &&
          !(depth < MAX_QUOTE_DEPTH && l.trimStart().startsWith('>')) &&
          !BULLET.test(l) &&
          !NUMBERED.test(l),
      );
      if (para.length === 0) para.push(lines[i++]!);
      blocks.push(<p key={key}>{withBreaks(para)}</p>);
    }
  }
  return blocks;
}
