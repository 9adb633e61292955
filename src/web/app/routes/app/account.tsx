import { PageHeader } from '../../../components/ui/page-header';
import { LoadingState } from '../../../components/ui/states';
import { useSignedInUser } from '../../../features/auth/api/get-whoami';
import { AccountView } from '../../../features/auth/components/account-view';
import { currentViewAs } from '../../../features/view-as/api/view-as';

/** AccountRoute is "My account": the signed-in person's password and personal tokens. */
export default function AccountRoute() {
  const me = useSignedInUser();
  return (
    <>
      <PageHeader title="My account">{me.data && <p className="page-context">Signed in as <strong>{me.data.username}</strong></p>}</PageHeader>
      {me.data ? <AccountView username={me.data.username} viewingAs={currentViewAs()} /> : <LoadingState label="Loading your account…" />}
    </>
  );
}
