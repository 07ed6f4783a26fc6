// What the messages feature shares with other screens: the buttons that send messages.
export { InviteCohortButton, InviteImportedButton, InviteLearnerButton, SendConvocationsButton } from './components/SendButtons';
