// What VS Code gives a webview (acquireVsCodeApi), typed by the panel's protocol: the messages it
// may post and the state its serializer restores.

export interface VsCodeApi<Message, State> {
  postMessage(message: Message): void;
  getState(): unknown;
  setState(state: State): void;
}
