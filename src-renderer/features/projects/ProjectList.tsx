/** The rows, virtualised: only what is on screen is in the page, so 500 projects scroll smoothly. */
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ProjectRow } from './ProjectRow.js';
import type { Row } from './rows.js';

export const ROW_HEIGHT = 72;

export function ProjectList({ rows, me }: { rows: Row[]; me: string | null }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (i) => rows[i]!.id,
    // jsdom and the first paint have no layout yet: assume a screenful.
    initialRect: { width: 1280, height: 800 },
  });
  return (
    <div className="list-scroll" ref={scroller} tabIndex={-1}>
      <ul className="project-list" aria-label="Projects" style={{ height: virtual.getTotalSize() }}>
        {virtual.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          return (
            <li
              key={item.key}
              aria-setsize={rows.length}
              aria-posinset={item.index + 1}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
            >
              <ProjectRow row={row} me={me} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
