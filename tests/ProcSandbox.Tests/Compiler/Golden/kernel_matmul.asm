func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC70000000                sub     rsp,70h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  0F82A9020000                  jb      @02C2
0019  4883EB01                      sub     rbx,1
001D  0F8CAD020000                  jl      @02D0
0023  41837F1800                    cmp     dword ptr [r15+18h],0
0028  0F85B0020000                  jne     @02DE
002E  48C745F800000000              mov     qword ptr [rbp-8],0
0036  48C745F000000000              mov     qword ptr [rbp-10h],0
003E  48C745E800000000              mov     qword ptr [rbp-18h],0
0046  48C745E000000000              mov     qword ptr [rbp-20h],0
004E  48C745D800000000              mov     qword ptr [rbp-28h],0
0056  48C745D000000000              mov     qword ptr [rbp-30h],0
005E  48C745C800000000              mov     qword ptr [rbp-38h],0
0066  48C745C000000000              mov     qword ptr [rbp-40h],0
006E  41BC00000000                  mov     r12d,0
0074  448B6D10                      mov     r13d,[rbp+10h]
0078  41B900000000                  mov     r9d,0
007E  41B800000000                  mov     r8d,0
0084  450F57F6                      xorps   xmm14,xmm14
0088  450F57ED                      xorps   xmm13,xmm13
008C  418BF5                        mov     esi,r13d
008F  410FAFF5                      imul    esi,r13d
0093  6BF608                        imul    esi,8
0096  488975D0                      mov     [rbp-30h],rsi
009A  8B75D0                        mov     esi,[rbp-30h]
009D  6BF602                        imul    esi,2
00A0  488975C8                      mov     [rbp-38h],rsi
00A4  41B800000000                  mov     r8d,0
00AA  4883EB01                      sub     rbx,1
00AE  0F8C1C020000                  jl      @02D0
00B4  41837F1800                    cmp     dword ptr [r15+18h],0
00B9  0F851F020000                  jne     @02DE
00BF  418BF5                        mov     esi,r13d
00C2  410FAFF5                      imul    esi,r13d
00C6  443BC6                        cmp     r8d,esi
00C9  0F8384000000                  jae     @0153
00CF  418BF0                        mov     esi,r8d
00D2  C1E603                        shl     esi,3
00D5  BF07000000                    mov     edi,7
00DA  418BC0                        mov     eax,r8d
00DD  85FF                          test    edi,edi
00DF  0F84C1010000                  je      @02A6
00E5  31D2                          xor     edx,edx
00E7  F7F7                          div     edi
00E9  0F57C0                        xorps   xmm0,xmm0
00EC  8BD2                          mov     edx,edx
00EE  F2480F2AC2                    cvtsi2sd xmm0,rdx
00F3  448BDE                        mov     r11d,esi
00F6  4983C308                      add     r11,8
00FA  4D3B5F08                      cmp     r11,[r15+8]
00FE  0F87B0010000                  ja      @02B4
0104  F2430F11441EF8                movsd   [r14+r11-8],xmm0
010B  418BF0                        mov     esi,r8d
010E  C1E603                        shl     esi,3
0111  0375D0                        add     esi,[rbp-30h]
0114  BF05000000                    mov     edi,5
0119  418BC0                        mov     eax,r8d
011C  85FF                          test    edi,edi
011E  0F8482010000                  je      @02A6
0124  31D2                          xor     edx,edx
0126  F7F7                          div     edi
0128  0F57C0                        xorps   xmm0,xmm0
012B  8BD2                          mov     edx,edx
012D  F2480F2AC2                    cvtsi2sd xmm0,rdx
0132  448BDE                        mov     r11d,esi
0135  4983C308                      add     r11,8
0139  4D3B5F08                      cmp     r11,[r15+8]
013D  0F8771010000                  ja      @02B4
0143  F2430F11441EF8                movsd   [r14+r11-8],xmm0
014A  4183C001                      add     r8d,1
014E  E957FFFFFF                    jmp     @00AA
0153  41B800000000                  mov     r8d,0
0159  4883EB01                      sub     rbx,1
015D  0F8C6D010000                  jl      @02D0
0163  41837F1800                    cmp     dword ptr [r15+18h],0
0168  0F8570010000                  jne     @02DE
016E  453BC5                        cmp     r8d,r13d
0171  0F83DE000000                  jae     @0255
0177  41B900000000                  mov     r9d,0
017D  4883EB01                      sub     rbx,1
0181  0F8C49010000                  jl      @02D0
0187  41837F1800                    cmp     dword ptr [r15+18h],0
018C  0F854C010000                  jne     @02DE
0192  453BCD                        cmp     r9d,r13d
0195  0F83B1000000                  jae     @024C
019B  450F57F6                      xorps   xmm14,xmm14
019F  41BC00000000                  mov     r12d,0
01A5  4883EB01                      sub     rbx,1
01A9  0F8C21010000                  jl      @02D0
01AF  41837F1800                    cmp     dword ptr [r15+18h],0
01B4  0F8524010000                  jne     @02DE
01BA  453BE5                        cmp     r12d,r13d
01BD  735C                          jae     short @021B
01BF  418BF0                        mov     esi,r8d
01C2  410FAFF5                      imul    esi,r13d
01C6  4103F4                        add     esi,r12d
01C9  C1E603                        shl     esi,3
01CC  448BDE                        mov     r11d,esi
01CF  4983C308                      add     r11,8
01D3  4D3B5F08                      cmp     r11,[r15+8]
01D7  0F87D7000000                  ja      @02B4
01DD  F2430F10441EF8                movsd   xmm0,[r14+r11-8]
01E4  418BF4                        mov     esi,r12d
01E7  410FAFF5                      imul    esi,r13d
01EB  4103F1                        add     esi,r9d
01EE  C1E603                        shl     esi,3
01F1  0375D0                        add     esi,[rbp-30h]
01F4  448BDE                        mov     r11d,esi
01F7  4983C308                      add     r11,8
01FB  4D3B5F08                      cmp     r11,[r15+8]
01FF  0F87AF000000                  ja      @02B4
0205  F2430F104C1EF8                movsd   xmm1,[r14+r11-8]
020C  F20F59C1                      mulsd   xmm0,xmm1
0210  F2440F58F0                    addsd   xmm14,xmm0
0215  4183C401                      add     r12d,1
0219  EB8A                          jmp     short @01A5
021B  418BF0                        mov     esi,r8d
021E  410FAFF5                      imul    esi,r13d
0222  4103F1                        add     esi,r9d
0225  C1E603                        shl     esi,3
0228  0375C8                        add     esi,[rbp-38h]
022B  410F28C6                      movaps  xmm0,xmm14
022F  448BDE                        mov     r11d,esi
0232  4983C308                      add     r11,8
0236  4D3B5F08                      cmp     r11,[r15+8]
023A  7778                          ja      short @02B4
023C  F2430F11441EF8                movsd   [r14+r11-8],xmm0
0243  4183C101                      add     r9d,1
0247  E931FFFFFF                    jmp     @017D
024C  4183C001                      add     r8d,1
0250  E904FFFFFF                    jmp     @0159
0255  41B800000000                  mov     r8d,0
025B  4883EB01                      sub     rbx,1
025F  7C6F                          jl      short @02D0
0261  41837F1800                    cmp     dword ptr [r15+18h],0
0266  7576                          jne     short @02DE
0268  453BC5                        cmp     r8d,r13d
026B  732F                          jae     short @029C
026D  418BF0                        mov     esi,r8d
0270  410FAFF5                      imul    esi,r13d
0274  4103F0                        add     esi,r8d
0277  C1E603                        shl     esi,3
027A  0375C8                        add     esi,[rbp-38h]
027D  448BDE                        mov     r11d,esi
0280  4983C308                      add     r11,8
0284  4D3B5F08                      cmp     r11,[r15+8]
0288  772A                          ja      short @02B4
028A  F2430F10441EF8                movsd   xmm0,[r14+r11-8]
0291  F2440F58E8                    addsd   xmm13,xmm0
0296  4183C001                      add     r8d,1
029A  EBBF                          jmp     short @025B
029C  410F28C5                      movaps  xmm0,xmm13
02A0  49895F10                      mov     [r15+10h],rbx
02A4  C9                            leave
02A5  C3                            ret
02A6  49895F10                      mov     [r15+10h],rbx
02AA  B802010000                    mov     eax,102h
02AF  E941FDFFFF                    jmp     trap_exit
02B4  49895F10                      mov     [r15+10h],rbx
02B8  B805010000                    mov     eax,105h
02BD  E933FDFFFF                    jmp     trap_exit
02C2  49895F10                      mov     [r15+10h],rbx
02C6  B809010000                    mov     eax,109h
02CB  E925FDFFFF                    jmp     trap_exit
02D0  49895F10                      mov     [r15+10h],rbx
02D4  B80A010000                    mov     eax,10Ah
02D9  E917FDFFFF                    jmp     trap_exit
02DE  49895F10                      mov     [r15+10h],rbx
02E2  B80B010000                    mov     eax,10Bh
02E7  E909FDFFFF                    jmp     trap_exit

