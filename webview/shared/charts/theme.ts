// Chart colours and fonts from the workbench theme (--vscode-* variables), re-read when the theme
// changes (VS Code swaps the body's theme class and the variables together).

export interface Theme {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  fontFamily: string;
  fontSize: number;
  selection: string;
  tooltipBackground: string;
  tooltipForeground: string;
  tooltipBorder: string;
  /** A line colour of the theme's chart palette, for a panel that draws one run. */
  accent: string;
}

type StyleSource = Pick<CSSStyleDeclaration, 'getPropertyValue'>;

function variable(style: StyleSource, names: readonly string[], fallback: string): string {
  for (const name of names) {
    const value = style.getPropertyValue(name).trim();
    if (value !== '') return value;
  }
  return fallback;
}

export function readTheme(style: StyleSource): Theme {
  const fontSize = Number.parseFloat(variable(style, ['--vscode-font-size'], '13'));
  return {
    foreground: variable(style, ['--vscode-foreground', '--vscode-editor-foreground'], '#cccccc'),
    muted: variable(style, ['--vscode-descriptionForeground'], '#9d9d9d'),
    grid: variable(
      style,
      ['--vscode-editorWidget-border', '--vscode-panel-border', '--vscode-widget-border'],
      'rgba(128,128,128,0.35)',
    ),
    background: variable(style, ['--vscode-editor-background'], '#1e1e1e'),
    fontFamily: variable(style, ['--vscode-font-family'], 'sans-serif'),
    fontSize: Number.isFinite(fontSize) ? fontSize : 13,
    selection: variable(style, ['--vscode-editor-selectionBackground'], 'rgba(38,79,120,0.5)'),
    tooltipBackground: variable(style, ['--vscode-editorHoverWidget-background'], '#252526'),
    tooltipForeground: variable(
      style,
      ['--vscode-editorHoverWidget-foreground', '--vscode-foreground'],
      '#cccccc',
    ),
    tooltipBorder: variable(style, ['--vscode-editorHoverWidget-border'], '#454545'),
    accent: variable(style, ['--vscode-charts-blue', '--vscode-focusBorder'], '#3794ff'),
  };
}

/** Calls `onChange` with the new theme whenever the body's class (the theme kind) changes. */
export function watchTheme(doc: Document, onChange: (theme: Theme) => void): MutationObserver {
  const read = (): Theme => readTheme(getComputedStyle(doc.body));
  const observer = new MutationObserver(() => onChange(read()));
  observer.observe(doc.body, { attributes: true, attributeFilter: ['class'] });
  return observer;
}

export function currentTheme(doc: Document): Theme {
  return readTheme(getComputedStyle(doc.body));
}
