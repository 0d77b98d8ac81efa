/** Search by name, filter by tempo range, key and lock state, sort by name, last change or tempo. */
import { useStore } from '../../app/store.js';
import { NO_FILTERS, type LockFilter, type SortKey } from './rows.js';

export function Toolbar({ keys, shown, total }: { keys: string[]; shown: number; total: number }) {
  const filters = useStore((s) => s.filters);
  const setFilters = useStore((s) => s.setFilters);
  const filtered =
    JSON.stringify(filters) !== JSON.stringify({ ...NO_FILTERS, sort: filters.sort });
  return (
    <div className="toolbar" role="search">
      <label className="field field-search">
        <span>Search</span>
        <input
          type="search"
          placeholder="Project name"
          value={filters.query}
          onChange={(e) => setFilters({ query: e.target.value })}
        />
      </label>
      <fieldset className="field-group">
        <legend>Tempo (BPM)</legend>
        <label className="field field-small">
          <span className="sr-only">Minimum tempo</span>
          <input
            type="number"
            inputMode="decimal"
            min={0}
            placeholder="min"
            value={filters.bpmMin}
            onChange={(e) => setFilters({ bpmMin: e.target.value })}
          />
        </label>
        <span aria-hidden="true" className="muted">
          –
        </span>
        <label className="field field-small">
          <span className="sr-only">Maximum tempo</span>
          <input
            type="number"
            inputMode="decimal"
            min={0}
            placeholder="max"
            value={filters.bpmMax}
            onChange={(e) => setFilters({ bpmMax: e.target.value })}
          />
        </label>
      </fieldset>
      <label className="field">
        <span>Key</span>
        <select value={filters.key} onChange={(e) => setFilters({ key: e.target.value })}>
          <option value="">Any key</option>
          {keys.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Lock</span>
        <select
          value={filters.lock}
          onChange={(e) => setFilters({ lock: e.target.value as LockFilter })}
        >
          <option value="any">Any</option>
          <option value="free">Free</option>
          <option value="mine">Locked by me</option>
          <option value="others">Locked by others</option>
          <option value="local">Local only</option>
        </select>
      </label>
      <label className="field">
        <span>Sort by</span>
        <select
          value={filters.sort}
          onChange={(e) => setFilters({ sort: e.target.value as SortKey })}
        >
          <option value="name">Name</option>
          <option value="changed">Last change</option>
          <option value="tempo">Tempo</option>
        </select>
      </label>
      <div className="toolbar-end">
        <span className="muted" aria-live="polite">
          {shown === total ? `${total} project${total === 1 ? '' : 's'}` : `${shown} of ${total}`}
        </span>
        {filtered && (
          <button
            className="btn-link"
            onClick={() => setFilters({ ...NO_FILTERS, sort: filters.sort })}
          >
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
