import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: "ragcamp",
  description: "A hands-on lab for retrieval-augmented generation and knowledge graphs",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            ragcamp
          </Link>
          <span className="tagline">a hands-on lab for RAG and knowledge graphs</span>
        </header>
        {children}
      </body>
    </html>
  );
}
