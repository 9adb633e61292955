import { Link } from 'react-router';

/** LinkTab is one section of a page, reachable by URL. */
export interface LinkTab { id: string; label: string; href: string }

/**
 * LinkTabs switches between sections of a page with links (so each section has a shareable URL and the
 * browser's back button works); the current one carries aria-current="page".
 */
export function LinkTabs({ label, tabs, current }: { label: string; tabs: LinkTab[]; current: string }) {
  return (
    <nav aria-label={label} className="link-tabs">
      <ul>
        {tabs.map((t) => (
          <li key={t.id}>
            <Link to={t.href} aria-current={t.id === current ? 'page' : undefined} className="link-tab">{t.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
