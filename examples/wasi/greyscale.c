/* greyscale: reads a binary PPM image (P6, maxval 255) from stdin and writes it as a binary PGM
 * (P5) with luma Y = (299 R + 587 G + 114 B) / 1000. With argv[1] = "watermark" it writes a PPM
 * instead, with a diagonal band lightened.
 *   clang-14 --target=wasm32-wasi -O2 -o greyscale.wasm greyscale.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    int width, height, maxval;
    if (scanf("P6 %d %d %d", &width, &height, &maxval) != 3 || getchar() == EOF) {
        fprintf(stderr, "greyscale: not a binary PPM (P6) image\n");
        return 2;
    }
    if (width <= 0 || height <= 0 || maxval != 255 || (long)width * height > 16L * 1024 * 1024) {
        fprintf(stderr, "greyscale: unsupported size %dx%d or maxval %d\n", width, height, maxval);
        return 2;
    }
    size_t pixels = (size_t)width * height;
    unsigned char *rgb = malloc(pixels * 3);
    if (!rgb) return 2;
    if (fread(rgb, 3, pixels, stdin) != pixels) {
        fprintf(stderr, "greyscale: image data ends early\n");
        return 2;
    }
    int watermark = argc > 1 && strcmp(argv[1], "watermark") == 0;
    if (watermark) {
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                if (abs(x - y) < (width < height ? width : height) / 10 + 1)
                    for (int c = 0; c < 3; c++) {
                        unsigned char *p = &rgb[((size_t)y * width + x) * 3 + c];
                        *p = (unsigned char)(*p + (255 - *p) / 2);
                    }
        printf("P6\n%d %d\n255\n", width, height);
        fwrite(rgb, 3, pixels, stdout);
        return 0;
    }
    printf("P5\n%d %d\n255\n", width, height);
    for (size_t i = 0; i < pixels; i++) {
        unsigned char *p = &rgb[i * 3];
        putchar((299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000);
    }
    return 0;
}
