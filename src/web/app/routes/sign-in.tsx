import { useNavigate, useSearchParams } from 'react-router';
import { paths, safeRedirect } from '../../config/paths';
import { SignInForm } from '../../features/auth/components/sign-in-form';
import { useDocumentTitle } from '../use-document-title';

/** SignInRoute is the sign-in page; after signing in it returns to `?redirectTo=` (same-site paths only). */
export default function SignInRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const redirectTo = safeRedirect(params.get('redirectTo')) ?? paths.home.getHref();
  useDocumentTitle('Sign in');
  return (
    <main id="main" className="sign-in-page" tabIndex={-1}>
      <div className="sign-in-card">
        <p className="brand brand-large" aria-hidden="true"><Logo /> Gatehouse</p>
        <h1>Sign in to Gatehouse</h1>
        <SignInForm onSuccess={() => navigate(redirectTo, { replace: true })} />
      </div>
    </main>
  );
}

function Logo() {
  return <img src="/favicon.svg" alt="" width={28} height={28} />;
}
