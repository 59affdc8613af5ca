"use client";

import Editor, { loader, type Monaco, type OnMount } from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import type { editor } from "monaco-editor";

// Monaco is served from the app itself (public/monaco), never from a CDN.
loader.config({ paths: { vs: "/monaco/vs" } });

let typesInstalled: Promise<void> | undefined;

/** Teaches Monaco the `lab` SDK and the notebook's rules, once per page. */
function installTypes(monaco: Monaco): Promise<void> {
  typesInstalled ??= (async () => {
    const ts = monaco.languages.typescript;
    const options = {
      target: ts.ScriptTarget.ESNext,
      allowNonTsExtensions: true,
      strict: true,
      noEmit: true,
    };
    ts.typescriptDefaults.setCompilerOptions(options);
    ts.javascriptDefaults.setCompilerOptions({ ...options, checkJs: true });
    // Each cell is a script sharing one scope, so top-level await (1375/1378) and
    // re-declaring a name in a later cell (2451) are allowed here.
    const diagnostics = { diagnosticCodesToIgnore: [1375, 1378, 2451, 1108] };
    ts.typescriptDefaults.setDiagnosticsOptions(diagnostics);
    ts.javascriptDefaults.setDiagnosticsOptions(diagnostics);
    // A static file from public/, not a route.
    // eslint-disable-next-line no-restricted-globals
    const res = await fetch("/lab.d.ts");
    if (res.ok) {
      const dts = await res.text();
      ts.typescriptDefaults.addExtraLib(dts, "file:///lab.d.ts");
      ts.javascriptDefaults.addExtraLib(dts, "file:///lab.d.ts");
    }
  })();
  return typesInstalled;
}

export interface CodeEditorProps {
  cellId: string;
  language: string;
  /** The code to start from; after that the editor owns its text (see `revision`). */
  value: string;
  /** Changes when the code was replaced from outside (Reset to original): the editor then takes `value`. */
  revision: number;
  onChange(value: string): void;
  onRunAndAdvance(): void;
  onRunInPlace(): void;
  registerFocus(focus: () => void): void;
}

/**
 * Monaco, loaded lazily; until it is ready the code is already shown as text.
 * Shift+Enter runs and moves on, Ctrl/Cmd+Enter runs in place. The editor
 * is uncontrolled: feeding every keystroke back through React as `value`
 * made Monaco re-apply stale text while the learner typed fast (lost
 * characters, a jumping caret).
 */
export function CodeEditor(props: CodeEditorProps) {
  const [height, setHeight] = useState(() => Math.max(3, props.value.split("\n").length) * 19 + 16);
  const handlers = useRef(props);
  const editorRef = useRef<editor.IStandaloneCodeEditor | null>(null);
  useEffect(() => {
    handlers.current = props;
  });
  const { revision, value } = props;
  useEffect(() => {
    const ed = editorRef.current;
    if (ed && revision > 0 && ed.getValue() !== value) ed.setValue(value);
    // Only an outside replacement (a new revision) is pushed in, never the learner's own typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revision]);

  const onMount: OnMount = (ed, monaco) => {
    editorRef.current = ed;
    // A model left by an earlier page under this path keeps its old text: defaultValue does not replace it.
    if (ed.getValue() !== handlers.current.value) ed.setValue(handlers.current.value);
    ed.addAction({
      id: "ragcamp.runAndAdvance",
      label: "Run cell and go to the next",
      keybindings: [monaco.KeyMod.Shift | monaco.KeyCode.Enter],
      run: () => handlers.current.onRunAndAdvance(),
    });
    ed.addAction({
      id: "ragcamp.runInPlace",
      label: "Run cell",
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => handlers.current.onRunInPlace(),
    });
    // Esc leaves the editor for the notebook's shortcuts (I I, 0 0), unless a widget it opened wants Esc.
    ed.addAction({
      id: "ragcamp.leaveEditor",
      label: "Leave the editor",
      keybindings: [monaco.KeyCode.Escape],
      precondition: "!suggestWidgetVisible && !parameterHintsVisible && !findWidgetVisible && !renameInputVisible",
      run: () => (document.activeElement as HTMLElement | null)?.blur(),
    });
        const fit = (e: editor.IContentSizeChangedEvent) => setHeight(Math.min(640, Math.max(60, e.contentHeight + 8)));
    ed.onDidContentSizeChange(fit);
    props.registerFocus(() => ed.focus());
  };

  const fallback = (
    <pre className="editor-fallback" data-testid="editor-fallback">
      {props.value}
    </pre>
  );

  return (
    <div className="editor" data-testid="cell-editor" style={{ height }}>
      <Editor
        height={height}
        language={props.language}
        path={`file:///cells/${props.cellId}.${props.language === "typescript" ? "ts" : "js"}`}
        defaultValue={props.value}
        onChange={(v) => props.onChange(v ?? "")}
        beforeMount={(monaco) => void installTypes(monaco)}
        onMount={onMount}
        loading={fallback}
        options={{
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 14,
          lineNumbers: "on",
          tabSize: 2,
          automaticLayout: true,
          scrollbar: { alwaysConsumeMouseWheel: false },
          fixedOverflowWidgets: true,
        }}
      />
    </div>
  );
}
