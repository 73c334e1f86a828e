// Entry of the Model card webview (browser). Renders the card the host posts; keeps the model's
// reference with setState so that the panel reopens on the same model after a reload.
import type { ModelCard } from '../../src/views/modelCard/card';
import {
  parseModelCardRef,
  STRING_KEYS,
  type ModelCardState,
  type WebviewMessage,
} from '../../src/views/modelCard/protocol';
import { parseStrings } from '../shared/strings';
import type { VsCodeApi } from '../shared/vscodeApi';
import { renderCard } from './render';

declare function acquireVsCodeApi(): VsCodeApi<WebviewMessage, ModelCardState>;

const api = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;
const strings = parseStrings(root.getAttribute('data-strings'), STRING_KEYS);

function isCardMessage(data: unknown): data is { type: 'card'; card: ModelCard } {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Record<string, unknown>;
  return (
    message.type === 'card' &&
    parseModelCardRef((message.card as { ref?: unknown } | null)?.ref) !== undefined
  );
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isCardMessage(event.data)) return;
  const { card } = event.data;
  api.setState({ ref: card.ref });
  root.replaceChildren(renderCard(document, card, strings, (message) => api.postMessage(message)));
});
api.postMessage({ type: 'ready' });
