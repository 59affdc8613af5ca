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
  value: string;
  onChange(value: string): void;
  onRunAndAdvance(): void;
  onRunInPlace(): void;
  registerFocus(focus: () => void): void;
}

/**
 * Monaco, loaded lazily; until it is ready the code is already shown as text.
 * Shift+Enter runs and moves on, Ctrl/Cmd+Enter runs in place.
 */
export function CodeEditor(props: CodeEditorProps) {
  const [height, setHeight] = useState(() => Math.max(3, props.value.split("\n").length) * 19 + 16);
  const handlers = useRef(props);
  useEffect(() => {
    handlers.current = props;
  });

  const onMount: OnMount = (ed, monaco) => {
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
        value={props.value}
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
