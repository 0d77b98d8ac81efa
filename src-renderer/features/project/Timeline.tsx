/**
 * Every version of the branch, newest first, virtualised: only the rows on screen are in the
 * page, and the next page is asked for as the end comes into view. A listbox: arrow keys,
 * Page Up/Down, Home and End move the selection.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { VersionSummary } from '../../../src-shared/api/versions.js';
import { useStore } from '../../app/store.js';
import { Time } from '../../app/Time.js';
import { formatBytes } from '../../lib/format.js';
import { fileUrl } from '../../services/history.js';
import { threadKey } from '../comments/slice.js';
import { headlineChanges } from './wording.js';

export const VERSION_ROW_HEIGHT = 104;

export interface TimelineProps {
  namespace: string;
  name: string;
  versions: VersionSummary[];
  selected: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  onSelect(id: string): void;
  onLoadMore(): void;
}

const optionId = (id: string) => `version-${id}`;

export function Timeline(p: TimelineProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = p.versions.length + (p.hasMore ? 1 : 0);
  const virtual = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => VERSION_ROW_HEIGHT,
    overscan: 4,
    getItemKey: (i) => p.versions[i]?.id ?? 'more',
    initialRect: { width: 480, height: 800 },
  });
  const items = virtual.getVirtualItems();
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (p.hasMore && !p.loadingMore && last >= p.versions.length - 10) p.onLoadMore();
  }, [last, p.hasMore, p.loadingMore, p.versions.length, p]);

  const index = p.versions.findIndex((v) => v.id === p.selected);
  const move = (to: number) => {
    const i = Math.max(0, Math.min(p.versions.length - 1, to));
    const v = p.versions[i];
    if (!v) return;
    p.onSelect(v.id);
    virtual.scrollToIndex(i, { align: 'auto' });
    // Keys can outrun the scroll events: ask for the next page as the selection nears the end.
    if (p.hasMore && !p.loadingMore && i >= p.versions.length - 10) p.onLoadMore();
  };
  const page = Math.max(
    1,
    Math.floor((scroller.current?.clientHeight ?? 800) / VERSION_ROW_HEIGHT),
  );
  const onKey = (e: KeyboardEvent) => {
    const step: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
    };
    if (e.key in step) move(Math.max(index, 0) + step[e.key]!);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(p.versions.length - 1);
    else return;
    e.preventDefault();
  };

  return (
    <div
      className="timeline-scroll"
      ref={scroller}
      role="listbox"
      tabIndex={0}
      aria-label="Versions, newest first"
      aria-activedescendant={p.selected ? optionId(p.selected) : undefined}
      onKeyDown={onKey}
    >
      <div className="timeline-inner" style={{ height: virtual.getTotalSize() }}>
        {items.map((item) => {
          const v = p.versions[item.index];
          const style = { transform: `translateY(${item.start}px)`, height: VERSION_ROW_HEIGHT };
          if (!v) {
            return (
              <div key={item.key} className="timeline-more muted" style={style} aria-hidden="true">
                Loading older versions…
              </div>
            );
          }
          return (
            <VersionRow
              key={item.key}
              v={v}
              style={style}
              setSize={p.hasMore ? -1 : p.versions.length}
              pos={item.index + 1}
              selected={v.id === p.selected}
              thumb={v.snapshot ? fileUrl(p.namespace, p.name, v.id, v.snapshot) : null}
              repo={`${p.namespace}/${p.name}`}
              onSelect={() => p.onSelect(v.id)}
            />
          );
        })}
      </div>
    </div>
  );
}

function VersionRow(props: {
  v: VersionSummary;
  style: object;
  setSize: number;
  pos: number;
  selected: boolean;
  thumb: string | null;
  repo: string;
  onSelect(): void;
}) {
  const { v } = props;
  const changes = headlineChanges(v.changes);
  // An open thread knows the count as it is now (teammates' comments arrive live).
  const thread = useStore((s) => s.comments[threadKey(props.repo, v.id)]);
  const comments = thread?.status === 'ready' ? thread.items.length : v.comment_count;
  return (
    <div
      id={optionId(v.id)}
      role="option"
      aria-selected={props.selected}
      aria-setsize={props.setSize}
      aria-posinset={props.pos}
      className={`timeline-row${props.selected ? ' selected' : ''}`}
      style={props.style}
      onClick={props.onSelect}
    >
      {props.thumb ? (
        <img className="snapshot-thumb" src={props.thumb} alt="" loading="lazy" />
      ) : (
        <span className="snapshot-thumb none" aria-hidden="true" />
      )}
      <div className="timeline-text">
        <span className="version-message">{v.message}</span>
        <span className="muted small">
          {v.author} · <Time iso={v.timestamp} /> · {formatBytes(v.size)} ·{' '}
          {v.files_changed === 1 ? '1 file changed' : `${v.files_changed} files changed`}
          {comments > 0 && (
            <>
              {' · '}
              <span className="comment-count">
                {comments === 1 ? '1 comment' : `${comments} comments`}
              </span>
            </>
          )}
          {v.bounces.length > 0 &&
            ` · ${v.bounces.length} bounce${v.bounces.length > 1 ? 's' : ''}`}
        </span>
        {changes.length > 0 && (
          <span className="version-changes">
            {changes.map((c) => (
              <span key={c} className="change-chip">
                {c}
              </span>
            ))}
          </span>
        )}
      </div>
    </div>
  );
}
