import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

/** KUBECONFIG_FILENAME is used when the server names no file (Content-Disposition). */
const KUBECONFIG_FILENAME = 'gatehouse.kubeconfig';

/** filenameOf reads `filename="x"` from a Content-Disposition header; only a plain file name is kept. */
export function filenameOf(disposition: string | null): string {
  const m = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(disposition ?? '');
  const name = (m?.[1] ?? m?.[2] ?? '').trim();
  return name && !/[/\\]/.test(name) && name !== '.' && name !== '..' ? name : KUBECONFIG_FILENAME;
}

/**
 * downloadKubeconfig asks the server for a kubeconfig holding a new personal token (POST
 * /auth/kubeconfig) and saves it through a temporary Blob URL, revoked right after. The file is not
 * kept by the console: it goes from the response straight to the browser's download.
 */
export async function downloadKubeconfig(): Promise<string> {
  const res = await apiFetch('/auth/kubeconfig', { method: 'POST', headers: { Accept: 'application/yaml' } });
  const blob = await res.blob();
  const name = filenameOf(res.headers.get('Content-Disposition'));
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/yaml' }));
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    a.style.display = 'none';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // The click has handed the data to the download; a microtask later the URL can go.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return name;
}

/** useDownloadKubeconfig runs downloadKubeconfig; `data` is the file name saved. */
export const useDownloadKubeconfig = () => useMutation({ mutationFn: downloadKubeconfig });
