#!/usr/bin/env python3
"""The data of `bench/compare.sh tabular`: a deterministic synthetic wide CSV with low-dimensional structure, as a
user's own table would have (issue 21: 1,000,000 rows x 20 columns, 3-D latent structure plus noise).

    bench/make_tabular.py ROWS COLUMNS SEED OUT.csv

Row i: z ~ N(0, I_3), then column j is  x_j = b_j + s_j * (z . A[:, j] + sigma_j * e_j),  e_j ~ N(0, 1), with
A[k, j] ~ N(0, 1), offsets b_j ~ U(-50, 50), scales s_j = 10^U(-1, 2) (0.1 to 100: the columns differ in scale as
real ones do, which the train-only standardization undoes) and noise levels sigma_j ~ U(0.1, 0.5), all drawn once
from random.Random(SEED) before the rows, which continue that stream. The same ROWS COLUMNS SEED give the same file
byte for byte on any machine (Python's Mersenne Twister and gauss() are stable; values are written with '%.6g',
which Python rounds correctly). A header line f1,...,fCOLUMNS; no id column. Standard library only (no numpy: it
runs before anything is installed). Written to OUT.csv.tmp and renamed, so an interrupted run leaves no OUT.csv.
About 40-60 s for the default size (~170 MB).
"""
import os
import random
import sys

LATENT = 3


def parameters(columns, rng):
    """A (LATENT x columns), offsets b, scales s, noise levels sigma: the first draws of rng.

    >>> a, b, s, sigma = parameters(4, random.Random(1))
    >>> len(a), len(a[0]), len(b), len(s), len(sigma)
    (3, 4, 4, 4, 4)
    >>> all(-50 <= v <= 50 for v in b), all(0.1 <= v <= 100 for v in s), all(0.1 <= v <= 0.5 for v in sigma)
    (True, True, True)
    """
    a = [[rng.gauss(0.0, 1.0) for _ in range(columns)] for _ in range(LATENT)]
    b = [rng.uniform(-50.0, 50.0) for _ in range(columns)]
    s = [10.0 ** rng.uniform(-1.0, 2.0) for _ in range(columns)]
    sigma = [rng.uniform(0.1, 0.5) for _ in range(columns)]
    return a, b, s, sigma


def rows(n, columns, seed):
    """The n data rows as lists of floats (unrounded), after the header's parameters.

    >>> first = list(rows(2, 3, 7)); len(first), len(first[0])
    (2, 3)
    >>> first == list(rows(2, 3, 7))
    True
    """
    rng = random.Random(seed)
    a, b, s, sigma = parameters(columns, rng)
    gauss = rng.gauss
    # Per column: (b_j, s_j * A[0, j], s_j * A[1, j], s_j * A[2, j], s_j * sigma_j).
    coef = [(b[j], s[j] * a[0][j], s[j] * a[1][j], s[j] * a[2][j], s[j] * sigma[j]) for j in range(columns)]
    for _ in range(n):
        z0, z1, z2 = gauss(0.0, 1.0), gauss(0.0, 1.0), gauss(0.0, 1.0)
        yield [c0 + c1 * z0 + c2 * z1 + c3 * z2 + c4 * gauss(0.0, 1.0) for c0, c1, c2, c3, c4 in coef]


def write(n, columns, seed, out):
    tmp = out + ".tmp"
    with open(tmp, "w", newline="\n", buffering=1 << 20) as f:
        f.write(",".join("f%d" % (j + 1) for j in range(columns)) + "\n")
        chunk = []
        for row in rows(n, columns, seed):
            chunk.append(",".join(["%.6g" % v for v in row]))
            if len(chunk) == 10_000:
                f.write("\n".join(chunk) + "\n")
                chunk = []
        if chunk:
            f.write("\n".join(chunk) + "\n")
    os.replace(tmp, out)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    try:
        n, columns, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    except ValueError:
        sys.exit("make_tabular.py: ROWS, COLUMNS and SEED must be integers\n" + __doc__)
    if n < 1 or columns < 1:
        sys.exit("make_tabular.py: ROWS and COLUMNS must be >= 1")
    write(n, columns, seed, sys.argv[4])


if __name__ == "__main__":
    main()
