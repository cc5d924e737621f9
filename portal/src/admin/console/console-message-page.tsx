/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { ConsoleFrame, type ConsoleSection, type ConsoleView } from './console-frame.js';

/** A refusal inside the console: what happened and a way back. */
export function ConsoleMessagePage(props: {
  view: ConsoleView;
  section: ConsoleSection;
  title: string;
  words: readonly string[];
  back: { href: string; text: string };
}): VNode {
  return (
    <ConsoleFrame view={props.view} title={props.title} section={props.section}>
      <div role="alert">
        {props.words.map((text) => (
          <p key={text}>{text}</p>
        ))}
      </div>
      <p>
        <a href={props.back.href}>{props.back.text}</a>
      </p>
    </ConsoleFrame>
  );
}
