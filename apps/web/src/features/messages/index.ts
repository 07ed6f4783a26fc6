// What the messages feature shares with other screens: the buttons that send messages.
export { InviteCohortButton, InviteLearnerButton, SendConvocationsButton } from './components/SendButtons';
