// HTTP status of each page outcome, in one place so the record page, the lookup route and uploads agree.

export function statusOf(kind: 'found' | 'not-found' | 'malformed' | 'unavailable' | 'empty'): number {
  switch (kind) {
    case 'found': return 200;
    case 'not-found': return 404;
    case 'malformed': return 400;
    case 'empty': return 200;
    case 'unavailable': return 503;
  }
}
