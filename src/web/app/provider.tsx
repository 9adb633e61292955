import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/**
 * AppProvider makes the app's QueryClient available. It is created once in main.tsx and shared with
 * the router, whose loaders prefetch with the same queryOptions the components read.
 */
export function AppProvider({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
