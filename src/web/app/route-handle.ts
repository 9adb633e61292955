/** RouteHandle is the static data a route carries; `title` names the page (document title, placeholders). */
export interface RouteHandle { title?: string }
