import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { SESSION_COOKIES } from "@/lib/auth/cookies";
import { SignOut } from "@/lib/ui/SignOut";
import "./globals.css";

export const metadata: Metadata = {
  title: "ragcamp",
  description: "A hands-on lab for retrieval-augmented generation and knowledge graphs",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Only the cookie's presence: whether it is still valid is each page's and route's check.
  const jar = await cookies();
  const signedIn = SESSION_COOKIES.some((name) => jar.has(name));
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            ragcamp
          </Link>
          <span className="tagline">a hands-on lab for RAG and knowledge graphs</span>
          {signedIn && <SignOut />}
        </header>
        {children}
      </body>
    </html>
  );
}
