import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { paths } from '../../../config/paths';
import { errorMessage } from '../../../lib/api-client';
import { useDownloadKubeconfig } from '../api/download-kubeconfig';
import { useSignOut } from '../api/sign-out';

/**
 * UserMenu is the signed-in person's name as a menu button (WAI-ARIA menu button pattern) holding
 * "My account" (password, personal tokens), "Download my kubeconfig" (a new personal token for
 * kubectl, saved as a file) and "Sign out". Enter, Space or ArrowDown open it and focus the first item; Escape closes it and returns
 * focus to the button; leaving it (Tab, a click elsewhere) closes it.
 */
export function UserMenu({ username }: { username: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const kubeconfig = useDownloadKubeconfig();
  const signOut = useSignOut({
    onSuccess: async () => {
      // Leave the app first, then forget its data: clearing first would make mounted views refetch (and 401).
      await navigate(paths.signIn.getHref(), { replace: true });
      queryClient.clear();
    },
  });

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') { e.preventDefault(); setOpen(true); }
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') { e.preventDefault(); setOpen(false); buttonRef.current?.focus(); }
    else if (e.key === 'ArrowDown') { e.preventDefault(); items[(i + 1) % items.length]?.focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); items[(i - 1 + items.length) % items.length]?.focus(); }
    else if (e.key === 'Home') { e.preventDefault(); items[0]?.focus(); }
    else if (e.key === 'End') { e.preventDefault(); items[items.length - 1]?.focus(); }
    else if (e.key === 'Tab') setOpen(false);
  };

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef} type="button" className="user-menu-button" id={`${id}-button`}
        aria-haspopup="menu" aria-expanded={open} aria-controls={`${id}-menu`}
        onClick={() => setOpen((o) => !o)} onKeyDown={onButtonKey}
      >
        <span className="visually-hidden">Signed in as </span>
        <span className="user-menu-name">{username}</span>
        <span aria-hidden="true" className="user-menu-caret">▾</span>
      </button>
      <ul ref={menuRef} id={`${id}-menu`} role="menu" aria-labelledby={`${id}-button`} className="menu" hidden={!open} onKeyDown={onMenuKey}>
        <li role="none">
          <Link to={paths.account.getHref()} role="menuitem" tabIndex={-1} className="menu-item" onClick={() => setOpen(false)}>My account</Link>
        </li>
        <li role="none">
          <button
            type="button" role="menuitem" tabIndex={-1} className="menu-item" disabled={kubeconfig.isPending}
            onClick={() => kubeconfig.mutate(undefined, { onSettled: () => { setOpen(false); buttonRef.current?.focus(); } })}
          >
            {kubeconfig.isPending ? 'Preparing kubeconfig…' : 'Download my kubeconfig'}
          </button>
        </li>
        <li role="none">
          <button type="button" role="menuitem" tabIndex={-1} className="menu-item" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
            {signOut.isPending ? 'Signing out…' : 'Sign out'}
          </button>
        </li>
      </ul>
      {signOut.isError && <p role="alert" className="user-menu-error">Could not sign out: {errorMessage(signOut.error)}</p>}
      {kubeconfig.isError && <p role="alert" className="user-menu-error">Could not download the kubeconfig: {errorMessage(kubeconfig.error)}</p>}
      <p role="status" className="visually-hidden">
        {kubeconfig.isSuccess ? `Saved ${kubeconfig.data}. It holds a new personal token for kubectl; keep it private.` : ''}
      </p>
    </div>
  );
}
