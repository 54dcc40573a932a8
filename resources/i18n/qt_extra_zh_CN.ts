<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt's own strings that Qt's qtbase_zh_CN.qm leaves untranslated and our Chinese interface
     shows: the labels of Qt's file dialog (Linux, where no native dialog is used) and the kinds
     of file in its list. Loaded after qtbase_zh_CN.qm by ui/app.py; compile with
     pyside6-lrelease resources/i18n/qt_extra_zh_CN.ts -qm resources/i18n/qt_extra_zh_CN.qm -->
<TS version="2.1" language="zh_CN">
<context>
    <name>QFileDialog</name>
    <message><source>&amp;Look in:</source><translation>查找范围(&amp;L)：</translation></message>
    <message><source>Files of &amp;type:</source><translation>文件类型(&amp;T)：</translation></message>
    <message><source>File name</source><translation>文件名称</translation></message>
    <message><source>Computer</source><translation>计算机</translation></message>
    <message><source>Desktop</source><translation>桌面</translation></message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message><source>Drive</source><translation>驱动器</translation></message>
    <message><source>File</source><translation>文件</translation></message>
    <message><source>Folder</source><translation>文件夹</translation></message>
    <message><source>Shortcut</source><translation>快捷方式</translation></message>
    <message><source>%1 File</source><translation>%1 文件</translation></message>
    <message><source>Unknown</source><translation>未知</translation></message>
</context>
</TS>
