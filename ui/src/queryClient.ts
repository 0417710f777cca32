import { QueryClient } from "@tanstack/react-query";

/** One cache for every command's answer. Errors show at once (the Rust side already
 * retried what could be retried); data is refetched when a page mounts again. */
export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: 0, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
