#!/usr/bin/env python3
"""Regenerates src/OcopLive/Auth/common-passwords.txt (run by hand, never at build).

Input: passwords.json of the npm package @zxcvbn-ts/language-common (MIT; the most common
passwords of public leak corpora, most common first), e.g. from `npm pack @zxcvbn-ts/language-common`.
The app refuses any password under 12 characters anyway, so the file keeps what a 12-character
rule lets through: listed passwords of 12+ characters, and the commonest ones (also Vietnamese
ones) stretched the way people stretch them (a year, 123, !, doubled).
Usage: ops/tools/common-passwords.py path/to/passwords.json > src/OcopLive/Auth/common-passwords.txt
"""
import json
import sys

MIN = 12
TOP = 600
SUFFIXES = ["1", "12", "123", "1234", "12345", "123456", "123456789", "!", "!!", "@", "@123", "123!", "!@#", "#", ".", "0", "01",
            "2020", "2021", "2022", "2023", "2024", "2025", "2026", "2027", "-123", "_123", "@2025", "@2026", "@@"]
VIETNAMESE = ["matkhau", "anhyeuem", "emyeuanh", "yeuem", "yeuanh", "iloveyou", "vietnam", "hanoi", "saigon", "hochiminh", "hatinh",
              "danang", "haiphong", "nghean", "ocop", "ocoplive", "admin", "administrator", "director", "operator", "producer",
              "hotline", "password", "abc123", "qwerty", "asdfgh", "zxcvbn", "123456", "12345678", "123456789", "0123456789",
              "chotdon", "phienchoocop", "camgion", "nhunghuou", "cudo", "nemchua", "thuongloc", "huongson", "htx", "hoptacxa",
              "xinchao", "tamquoc", "vinhphuc", "nguyen", "tran", "le", "pham", "hoang", "phan", "vu", "dang", "bui", "do",
              "ngoc", "linh", "huong", "trang", "thao", "minh", "tuan", "hung", "dung", "anh", "hoa", "lan", "mai"]


def main():
    listed = json.load(open(sys.argv[1], encoding="utf-8"))
    out = {}  # keeps the order: most common first

    def add(p):
        p = p.strip().lower()
        if len(p) >= MIN and p not in out:
            out[p] = None

    for p in listed:
        add(p)
    for base in VIETNAMESE + listed[:TOP]:
        add(base + base)
        for s in SUFFIXES:
            add(base + s)
            add(base.capitalize() + s)
    for d in "0123456789":
        for n in range(MIN, 21):
            add(d * n)
    digits = "1234567890" * 3
    for n in range(MIN, 21):
        add(digits[:n])
        add("0" + digits[:n - 1])
        add(digits[:n][::-1])
    for walk in ["qwertyuiopasdfghjklzxcvbnm", "abcdefghijklmnopqrstuvwxyz", "1qaz2wsx3edc4rfv5tgb", "qazwsxedcrfvtgbyhn"]:
        for n in range(MIN, len(walk) + 1):
            add(walk[:n])
    print("# The commonest passwords, one a line, lower case; see ops/tools/common-passwords.py.")
    for p in out:
        print(p)


main()
