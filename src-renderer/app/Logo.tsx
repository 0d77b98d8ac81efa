/** The mark: a sprouting waveform (auxin makes plants grow; the hub makes projects grow). */
export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="logo">
      <rect width="32" height="32" rx="8" className="logo-bg" />
      <path
        d="M7 17h3l2-6 3 12 3-15 3 11 2-2h2"
        fill="none"
        className="logo-line"
        strokeWidth="2.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
